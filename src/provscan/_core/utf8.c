/* provscan.sources._utf8: whether the rows of an Arrow string array are valid UTF-8.
 *
 * The reader checks every text, URL and id column it reads (provscan.sources.convert);
 * Arrow's full validation does it at ~1 GB/s on web text with 20 % non-ASCII bytes.
 * Here, on x86-64 with AVX2, 32 bytes at a time with Keiser and Lemire's lookup
 * algorithm (several GB/s whatever the text). It only says "surely valid": anything
 * else (an invalid row, junk in a null row's slot, no AVX2) goes to Arrow's check, which
 * decides. The GIL is released for the work. A module of its own, not part of
 * provscan.scan._core, because the readers sit below the scan in provscan's layers.
 *
 * tests/test_core.py checks its verdict against Arrow's on random bytes. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_AVX2_KERNEL 1

/* Keiser and Lemire's "lookup" algorithm (Validating UTF-8 In Less Than One Instruction
 * Per Byte, 2021), as simdjson and simdutf have it: each byte pair is classified by
 * three 16-entry tables; the bits left set are errors. */
enum {
    TOO_SHORT = 1 << 0, TOO_LONG = 1 << 1, OVERLONG_3 = 1 << 2, TOO_LARGE = 1 << 3,
    SURROGATE = 1 << 4, OVERLONG_2 = 1 << 5, TOO_LARGE_1000 = 1 << 6, OVERLONG_4 = 1 << 6,
    TWO_CONTS = 1 << 7, CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

#define T16(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)
#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256i prev_n(__m256i in, __m256i prev, int n)
{
    __m256i lo = _mm256_permute2x128_si256(prev, in, 0x21);
    switch (n) {
    case 1: return _mm256_alignr_epi8(in, lo, 15);
    case 2: return _mm256_alignr_epi8(in, lo, 14);
    default: return _mm256_alignr_epi8(in, lo, 13);
    }
}

AVX2 static inline __m256i nibble_hi(__m256i x)
{
    return _mm256_and_si256(_mm256_srli_epi16(x, 4), _mm256_set1_epi8(0x0F));
}

/* The error bits of block `in` given the block before it. */
AVX2 static inline __m256i block_errors(__m256i in, __m256i prev)
{
    const __m256i b1_high = T16(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m256i b1_low = T16(
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
        CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000);
    const __m256i b2_high = T16(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
    __m256i prev1 = prev_n(in, prev, 1);
    __m256i sc = _mm256_and_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(b1_high, nibble_hi(prev1)),
                         _mm256_shuffle_epi8(b1_low, _mm256_and_si256(
                             prev1, _mm256_set1_epi8(0x0F)))),
        _mm256_shuffle_epi8(b2_high, nibble_hi(in)));
    /* The third and fourth bytes of 3- and 4-byte sequences must be continuations. */
    __m256i third = _mm256_subs_epu8(prev_n(in, prev, 2), _mm256_set1_epi8(0xE0 - 0x80));
    __m256i fourth = _mm256_subs_epu8(prev_n(in, prev, 3), _mm256_set1_epi8(0xF0 - 0x80));
    __m256i must23 = _mm256_and_si256(_mm256_or_si256(third, fourth),
                                      _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must23, sc);
}

/* Non-zero where the block ends inside a sequence (a lead byte in its last 3 bytes). */
AVX2 static inline __m256i incomplete(__m256i in)
{
    const __m256i max = _mm256_setr_epi8(
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm256_subs_epu8(in, max);
}

/* 1 when s[0..len) is valid UTF-8 (the state starts and must end between characters). */
AVX2 static int valid_utf8_avx2(const uint8_t *s, size_t len)
{
    __m256i err = _mm256_setzero_si256(), prev = _mm256_setzero_si256();
    __m256i prev_inc = _mm256_setzero_si256();
    uint8_t tail[32];
    size_t i = 0;
    for (;;) {
        __m256i in;
        if (i + 32 <= len) {
            in = _mm256_loadu_si256((const __m256i *)(s + i));
        } else if (i < len) {
            memset(tail, 0, sizeof tail);
            memcpy(tail, s + i, len - i);
            in = _mm256_loadu_si256((const __m256i *)tail);
        } else {
            break;
        }
        /* No branch for all-ASCII blocks: in mixed text it is mispredicted too often. */
        err = _mm256_or_si256(err, block_errors(in, prev));
        prev_inc = incomplete(in);
        prev = in;
        i += 32;
    }
    err = _mm256_or_si256(err, prev_inc); /* the data ends inside a sequence */
    return _mm256_testz_si256(err, err);
}

static int have_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}
#else
#define HAVE_AVX2_KERNEL 0
static int have_avx2(void) { return 0; }
static int valid_utf8_avx2(const uint8_t *s, size_t len) { (void)s; (void)len; return 0; }
#endif

static int kernel_ok;

/* 1 when every row of the n from row `first` is valid UTF-8; 0 when that is not sure
 * (an invalid row, or invalid bytes in a null row's slot: the caller asks Arrow); -1
 * when an offset lies outside the data or goes backwards. The rows are checked as one
 * run of bytes, then each row boundary must fall between characters. */
static int all_valid(const uint8_t *offsets, int wide, const uint8_t *data, int64_t data_len,
                     int64_t first, int64_t n)
{
#define OFF(i) (wide ? ((int64_t)((const int64_t *)(const void *)offsets)[first + (i)]) \
                     : (int64_t)((const int32_t *)(const void *)offsets)[first + (i)])
    int64_t lo = OFF(0), prev = lo;
    for (int64_t i = 0; i <= n; i++) {
        int64_t o = OFF(i);
        if (o < prev || o > data_len)
            return -1;
        prev = o;
    }
    if (lo < 0)
        return -1;
    int64_t hi = prev;
    if (!valid_utf8_avx2(data + lo, (size_t)(hi - lo)))
        return 0;
    for (int64_t i = 1; i < n; i++) {
        int64_t o = OFF(i);
        if (o > lo && o < hi && (data[o] & 0xC0) == 0x80)
            return 0;
    }
    return 1;
#undef OFF
}

static PyObject *py_all_valid(PyObject *self, PyObject *args)
{
    PyObject *off_o, *data_o;
    long long first, n;
    int wide;
    if (!PyArg_ParseTuple(args, "OOLLp", &off_o, &data_o, &first, &n, &wide))
        return NULL;
    if (first < 0 || n < 0) {
        PyErr_SetString(PyExc_ValueError, "all_valid: negative offset or length");
        return NULL;
    }
    if (!kernel_ok)
        return PyLong_FromLong(0);
    Py_buffer off, data;
    if (PyObject_GetBuffer(off_o, &off, PyBUF_SIMPLE) < 0)
        return NULL;
    if (PyObject_GetBuffer(data_o, &data, PyBUF_SIMPLE) < 0) {
        PyBuffer_Release(&off);
        return NULL;
    }
    int result = 0, ok = 1;
    if (off.len < (first + n + 1) * (wide ? 8 : 4)) {
        PyErr_SetString(PyExc_ValueError, "all_valid: offsets shorter than the rows");
        ok = 0;
    } else {
        Py_BEGIN_ALLOW_THREADS
        result = all_valid(off.buf, wide, data.buf, data.len, first, n);
        Py_END_ALLOW_THREADS
    }
    PyBuffer_Release(&off);
    PyBuffer_Release(&data);
    return ok ? PyLong_FromLong(result) : NULL;
}

static PyMethodDef methods[] = {
    {"all_valid", py_all_valid, METH_VARARGS,
     "all_valid(offsets, data, first, n, wide) -> 1 when the n rows from row `first` are "
     "all valid UTF-8 (null rows' bytes included), 0 when not sure (or no SIMD kernel "
     "here: KERNEL is None), -1 when the offsets do not fit the data"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_utf8",
    .m_doc = "UTF-8 validation of Arrow string arrays (see provscan.sources.convert).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__utf8(void)
{
    kernel_ok = HAVE_AVX2_KERNEL && have_avx2();
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddObjectRef(m, "KERNEL", kernel_ok ? PyUnicode_FromString("avx2")
                                                          : Py_None) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
