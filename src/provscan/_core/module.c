/* provscan.scan._core: the Python face of the compiled scan core.
 *
 * Every function takes the buffers of an Arrow string array (offsets, data, validity)
 * and writes into buffers the caller allocated (numpy arrays), through the buffer
 * protocol: no Python object per row. Sizes are checked here, then the GIL is released
 * for the work, so threads may share one process. provscan.scan.core wraps these for
 * Arrow arrays; nothing else should call them. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "core.h"
#define XXH_INLINE_ALL
#include "xxhash.h"

#define STR_(x) #x
#define STR(x) STR_(x)

typedef struct {
    Py_buffer v;
    int held;
} Buf;

/* A contiguous buffer of o (None allowed when optional): 0, or -1 with an exception. */
static int get_buf(PyObject *o, Buf *b, int writable, int optional, const char *what)
{
    b->held = 0;
    if (o == Py_None) {
        if (optional)
            return 0;
        PyErr_Format(PyExc_TypeError, "%s: a buffer is required, not None", what);
        return -1;
    }
    if (PyObject_GetBuffer(o, &b->v, writable ? PyBUF_WRITABLE : PyBUF_SIMPLE) < 0)
        return -1;
    b->held = 1;
    return 0;
}

static void release(Buf *bufs, int n)
{
    for (int i = 0; i < n; i++)
        if (bufs[i].held)
            PyBuffer_Release(&bufs[i].v);
}

static int too_small(const Buf *b, Py_ssize_t need, const char *what)
{
    if (b->held && b->v.len < need) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes, %zd needed", what, b->v.len, need);
        return 1;
    }
    return 0;
}

/* The string array from its buffers; checks that every offset lies in the data. */
static int str_array(StrArray *a, Buf *off, Buf *data, Buf *valid, long long bit_offset,
                     int wide)
{
    Py_ssize_t w = wide ? 8 : 4;
    memset(a, 0, sizeof *a);
    if (off->v.len < w || off->v.len % w) {
        PyErr_SetString(PyExc_ValueError, "offsets: not a whole number of offsets");
        return -1;
    }
    a->offsets = off->v.buf;
    a->wide = wide;
    a->n = off->v.len / w - 1;
    a->data = data->v.buf;
    a->validity = valid && valid->held ? valid->v.buf : NULL;
    a->bit_offset = bit_offset;
    if (a->validity && (bit_offset < 0 || valid->v.len * 8 < bit_offset + a->n)) {
        PyErr_SetString(PyExc_ValueError, "validity: bitmap shorter than the rows");
        return -1;
    }
    for (int64_t i = 0; i < a->n; i++) { /* cheap next to the work, and keeps it safe */
        int64_t s = str_start(a, i), e = str_start(a, i + 1);
        if (s < 0 || e < s || e > data->v.len) {
            PyErr_Format(PyExc_ValueError, "offsets: row %lld outside the data", (long long)i);
            return -1;
        }
    }
    return 0;
}

static PyObject *py_normalise(PyObject *self, PyObject *args)
{
    PyObject *o[8];
    long long bit_offset;
    int wide;
    if (!PyArg_ParseTuple(args, "OOOLpOOOOO", &o[0], &o[1], &o[2], &bit_offset, &wide,
                          &o[3], &o[4], &o[5], &o[6], &o[7]))
        return NULL;
    Buf b[8];
    memset(b, 0, sizeof b);
    StrArray a;
    int64_t written = -1;
    if (get_buf(o[0], &b[0], 0, 0, "offsets") || get_buf(o[1], &b[1], 0, 0, "data") ||
        get_buf(o[2], &b[2], 0, 1, "validity") || get_buf(o[3], &b[3], 1, 0, "out_offsets") ||
        get_buf(o[4], &b[4], 1, 0, "out") || get_buf(o[5], &b[5], 1, 1, "nfc") ||
        get_buf(o[6], &b[6], 1, 1, "hex") || get_buf(o[7], &b[7], 1, 1, "tokens") ||
        str_array(&a, &b[0], &b[1], &b[2], bit_offset, wide))
        goto done;
    int64_t span = a.n ? str_start(&a, a.n) - str_start(&a, 0) : 0;
    if (too_small(&b[3], 4 * (a.n + 1), "out_offsets") || too_small(&b[4], span, "out") ||
        too_small(&b[5], a.n, "nfc") || too_small(&b[6], 32 * a.n, "hex") ||
        too_small(&b[7], 8 * a.n, "tokens"))
        goto done;
    if (span > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "more than 2 GB of text in one array");
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    written = core_normalise(&a, b[3].v.buf, b[4].v.buf, b[5].held ? b[5].v.buf : NULL,
                             b[6].held ? b[6].v.buf : NULL, b[7].held ? b[7].v.buf : NULL);
    Py_END_ALLOW_THREADS
done:
    release(b, 8);
    return written < 0 ? NULL : PyLong_FromLongLong(written);
}

/* Shared argument handling of the per-row functions over (offsets, data, wide). */
static int rows_args(PyObject *off, PyObject *data, int wide, PyObject *out, Py_ssize_t per_row,
                     Buf *b, StrArray *a)
{
    if (get_buf(off, &b[0], 0, 0, "offsets") || get_buf(data, &b[1], 0, 0, "data") ||
        get_buf(out, &b[2], 1, 0, "out") || str_array(a, &b[0], &b[1], NULL, 0, wide) ||
        too_small(&b[2], per_row * a->n, "out"))
        return -1;
    return 0;
}

static PyObject *py_hash128_hex(PyObject *self, PyObject *args)
{
    PyObject *off, *data, *out;
    int wide, ok = 0;
    if (!PyArg_ParseTuple(args, "OOpO", &off, &data, &wide, &out))
        return NULL;
    Buf b[3];
    memset(b, 0, sizeof b);
    StrArray a;
    if (rows_args(off, data, wide, out, 32, b, &a) == 0) {
        Py_BEGIN_ALLOW_THREADS
        core_hash128_hex(&a, b[2].v.buf);
        Py_END_ALLOW_THREADS
        ok = 1;
    }
    release(b, 3);
    return ok ? Py_NewRef(Py_None) : NULL;
}

static PyObject *py_hash64(PyObject *self, PyObject *args)
{
    PyObject *off, *data, *out;
    int wide, ok = 0;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "OOpKO", &off, &data, &wide, &seed, &out))
        return NULL;
    Buf b[3];
    memset(b, 0, sizeof b);
    StrArray a;
    if (rows_args(off, data, wide, out, 8, b, &a) == 0) {
        Py_BEGIN_ALLOW_THREADS
        core_hash64(&a, seed, b[2].v.buf);
        Py_END_ALLOW_THREADS
        ok = 1;
    }
    release(b, 3);
    return ok ? Py_NewRef(Py_None) : NULL;
}

static PyObject *py_count_tokens(PyObject *self, PyObject *args)
{
    PyObject *off, *data, *out;
    int wide, ok = 0;
    if (!PyArg_ParseTuple(args, "OOpO", &off, &data, &wide, &out))
        return NULL;
    Buf b[3];
    memset(b, 0, sizeof b);
    StrArray a;
    if (rows_args(off, data, wide, out, 8, b, &a) == 0) {
        Py_BEGIN_ALLOW_THREADS
        core_count_tokens(&a, b[2].v.buf);
        Py_END_ALLOW_THREADS
        ok = 1;
    }
    release(b, 3);
    return ok ? Py_NewRef(Py_None) : NULL;
}

static PyObject *py_minhash(PyObject *self, PyObject *args)
{
    PyObject *o[8];
    long long bit_offset;
    int wide, shingle, rows, kernel;
    unsigned long long shingle_seed;
    if (!PyArg_ParseTuple(args, "OOOLpOKiOiOOOi", &o[0], &o[1], &o[2], &bit_offset, &wide,
                          &o[3], &shingle_seed, &shingle, &o[4], &rows, &o[5], &o[6], &o[7],
                          &kernel))
        return NULL;
    if (kernel < 0)
        kernel = core_best_kernel();
    if (kernel > KERNEL_AVX512 || !(core_kernels() & (1 << kernel))) {
        PyErr_Format(PyExc_ValueError, "minhash: kernel %d is not available here", kernel);
        return NULL;
    }
    Buf b[8];
    memset(b, 0, sizeof b);
    StrArray a;
    int64_t n_has = -2;
    if (get_buf(o[0], &b[0], 0, 0, "offsets") || get_buf(o[1], &b[1], 0, 0, "data") ||
        get_buf(o[2], &b[2], 0, 1, "validity") || get_buf(o[3], &b[3], 0, 0, "multipliers") ||
        get_buf(o[4], &b[4], 0, 1, "band_seeds") || get_buf(o[5], &b[5], 1, 0, "has") ||
        get_buf(o[6], &b[6], 1, 1, "sig") || get_buf(o[7], &b[7], 1, 1, "keys") ||
        str_array(&a, &b[0], &b[1], &b[2], bit_offset, wide))
        goto done;
    MinHashSpec spec = {0};
    spec.multipliers = b[3].v.buf;
    spec.num_perm = (int)(b[3].v.len / 8);
    spec.shingle_seed = shingle_seed;
    spec.shingle = shingle;
    spec.band_seeds = b[4].held ? b[4].v.buf : NULL;
    spec.bands = b[4].held ? (int)(b[4].v.len / 8) : 0;
    spec.rows = rows;
    spec.kernel = kernel;
    if (spec.num_perm < 1 || shingle < 1 || shingle > 64 || rows < 0 ||
        (long long)spec.bands * rows > spec.num_perm) {
        PyErr_SetString(PyExc_ValueError, "minhash: bad parameters");
        goto done;
    }
    if (too_small(&b[5], a.n, "has") || too_small(&b[6], 8 * spec.num_perm * a.n, "sig") ||
        too_small(&b[7], 8 * spec.bands * a.n, "keys"))
        goto done;
    Py_BEGIN_ALLOW_THREADS
    n_has = core_minhash(&a, &spec, b[5].v.buf, b[6].held ? b[6].v.buf : NULL,
                         b[7].held ? b[7].v.buf : NULL);
    Py_END_ALLOW_THREADS
    if (n_has == -1)
        PyErr_NoMemory();
done:
    release(b, 8);
    return n_has < 0 ? NULL : PyLong_FromLongLong(n_has);
}

/* The MinHash kernels this machine runs, fastest first: names, in their numbering. */
static PyObject *py_kernels(PyObject *self, PyObject *unused)
{
    PyObject *out = PyList_New(0);
    for (int k = KERNEL_AVX512; out && k >= KERNEL_PORTABLE; k--) {
        if (!(core_kernels() & (1 << k)))
            continue;
        PyObject *item = Py_BuildValue("(si)", core_kernel_name(k), k);
        if (!item || PyList_Append(out, item) < 0)
            Py_CLEAR(out);
        Py_XDECREF(item);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"normalise", py_normalise, METH_VARARGS,
     "normalise(offsets, data, validity, bit_offset, wide, out_offsets, out, nfc, hex, "
     "tokens) -> bytes written"},
    {"hash128_hex", py_hash128_hex, METH_VARARGS, "hash128_hex(offsets, data, wide, out)"},
    {"hash64", py_hash64, METH_VARARGS, "hash64(offsets, data, wide, seed, out)"},
    {"count_tokens", py_count_tokens, METH_VARARGS, "count_tokens(offsets, data, wide, out)"},
    {"minhash", py_minhash, METH_VARARGS,
     "minhash(offsets, data, validity, bit_offset, wide, multipliers, shingle_seed, "
     "shingle, band_seeds, rows, has, sig, keys, kernel) -> rows with a signature; "
     "kernel -1 is the fastest"},
    {"kernels", py_kernels, METH_NOARGS,
     "[(name, number)] of the MinHash kernels this machine runs, fastest first"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_core",
    .m_doc = "provscan's compiled scan core (see provscan.scan.core).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__core(void)
{
    core_init_props();
    core_init_text();
    (void)core_kernels(); /* ask the CPU once, before any thread can */
    PyObject *m = PyModule_Create(&module);
    if (m && PyModule_AddStringConstant(m, "XXHASH_VERSION",
                                        STR(XXH_VERSION_MAJOR) "." STR(XXH_VERSION_MINOR)
                                        "." STR(XXH_VERSION_RELEASE)) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
