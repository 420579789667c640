/* provscan.detect._cld2batch: CLD2 over every row of an Arrow string array in one call.
 *
 * provscan's language detector called pycld2.detect once per document: ~3 us of its
 * ~17 us went to parsing keyword arguments and building result tuples. This module calls
 * the same CLD2 function pycld2 calls, in the CLD2 that pycld2's own extension carries
 * (found with dlopen/dlsym in the already loaded module: nothing of CLD2 is built
 * here), with the arguments pycld2.detect(text, isPlainText=True) passes: no hints,
 * no flags. Per row it gives CLD2's first language, or -1 where CLD2 finds bytes it
 * does not accept (pycld2 raises its error there; the caller replays those rows through
 * pycld2), or -2 for a null or empty row. The GIL is released for the loop.
 *
 * If the module cannot find the functions (another pycld2 build), load() says so and
 * provscan.detect.language calls pycld2 per document, with the same results;
 * tests/test_language.py compares the two. */
#define _GNU_SOURCE /* RTLD_NOLOAD */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* CLD2's CLDHints (compact_lang_det.h); Language and Encoding are C++ enums (int). */
typedef struct {
    const char *content_language_hint;
    const char *tld_hint;
    int encoding_hint;
    int language_hint;
} CLDHints;

/* CLD2::ExtDetectLanguageSummaryCheckUTF8(const char*, int, bool, const CLDHints*, int,
 *     Language*, int*, double*, ResultChunkVector*, int*, bool*, int*) -> Language */
typedef int (*DetectFn)(const char *, int, bool, const CLDHints *, int, int *, int *,
                        double *, void *, int *, bool *, int *);
typedef const char *(*CodeFn)(int);
typedef int (*FromNameFn)(const char *);

#define SYM_DETECT "_ZN4CLD233ExtDetectLanguageSummaryCheckUTF8EPKcibPKNS_8CLDHintsEiPNS_" \
                   "8LanguageEPiPdPSt6vectorINS_11ResultChunkESaISA_EES7_PbS7_"
#define SYM_CODE "_ZN4CLD212LanguageCodeENS_8LanguageE"
#define SYM_FROM_NAME "_ZN4CLD219GetLanguageFromNameEPKc"
#define UNKNOWN_ENCODING 23 /* CLD2's Encoding: after UTF8 (22), before ASCII_7BIT */

static DetectFn detect_fn;
static CodeFn code_fn;
static int unknown_language = -1;

static PyObject *py_load(PyObject *self, PyObject *args)
{
    const char *path;
    if (!PyArg_ParseTuple(args, "s", &path))
        return NULL;
    if (detect_fn && code_fn)
        Py_RETURN_NONE;
    /* RTLD_NOLOAD: only the module Python already loaded (import pycld2 first). */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    if (!h)
        return PyUnicode_FromFormat("pycld2's module is not loaded (%s)", path);
    DetectFn d = (DetectFn)dlsym(h, SYM_DETECT);
    CodeFn c = (CodeFn)dlsym(h, SYM_CODE);
    FromNameFn f = (FromNameFn)dlsym(h, SYM_FROM_NAME);
    if (!d || !c || !f) {
        dlclose(h);
        return PyUnicode_FromString("pycld2's module does not export CLD2's functions");
    }
    unknown_language = f(""); /* an unknown name gives UNKNOWN_LANGUAGE */
    detect_fn = d, code_fn = c; /* the handle stays open: pycld2 stays loaded */
    Py_RETURN_NONE;
}

static PyObject *py_code(PyObject *self, PyObject *args)
{
    int lang;
    if (!PyArg_ParseTuple(args, "i", &lang))
        return NULL;
    if (!code_fn) {
        PyErr_SetString(PyExc_RuntimeError, "load() first");
        return NULL;
    }
    const char *code = code_fn(lang);
    return PyUnicode_FromString(code ? code : "");
}

static PyObject *py_detect(PyObject *self, PyObject *args)
{
    PyObject *off_o, *data_o, *valid_o, *out_o;
    long long first, n, max_chars = -1;
    if (!PyArg_ParseTuple(args, "OOOLLO|L", &off_o, &data_o, &valid_o, &first, &n, &out_o,
                          &max_chars))
        return NULL;
    if (!detect_fn) {
        PyErr_SetString(PyExc_RuntimeError, "load() first");
        return NULL;
    }
    Py_buffer off, data, valid, out;
    int have_valid = valid_o != Py_None, nbuf = 0, ok = 0;
    Py_buffer *bufs[4] = {&off, &data, &out, &valid};
    if (PyObject_GetBuffer(off_o, &off, PyBUF_SIMPLE) < 0)
        goto done;
    nbuf = 1;
    if (PyObject_GetBuffer(data_o, &data, PyBUF_SIMPLE) < 0)
        goto done;
    nbuf = 2;
    if (PyObject_GetBuffer(out_o, &out, PyBUF_WRITABLE) < 0)
        goto done;
    nbuf = 3;
    if (have_valid) {
        if (PyObject_GetBuffer(valid_o, &valid, PyBUF_SIMPLE) < 0)
            goto done;
        nbuf = 4;
    }
    if (first < 0 || n < 0 || off.len < (first + n + 1) * 4 || out.len < n * 4 ||
        (have_valid && valid.len * 8 < first + n)) {
        PyErr_SetString(PyExc_ValueError, "detect: buffers do not fit the rows");
        goto done;
    }
    const int32_t *o = (const int32_t *)off.buf + first;
    for (long long i = 0; i < n; i++) {
        if (o[i] < 0 || o[i + 1] < o[i] || o[i + 1] > data.len) {
            PyErr_SetString(PyExc_ValueError, "detect: offsets outside the data");
            goto done;
        }
    }
    const uint8_t *bits = have_valid ? valid.buf : NULL;
    const char *text = data.buf;
    int32_t *res = out.buf;
    int unknown = unknown_language;
    Py_BEGIN_ALLOW_THREADS
    CLDHints hints = {NULL, NULL, UNKNOWN_ENCODING, unknown};
    for (long long i = 0; i < n; i++) {
        long long bit = first + i;
        int len = o[i + 1] - o[i];
        if (max_chars >= 0) { /* the first max_chars code points: stop at the lead byte of
                                 the next one (Arrow strings are valid UTF-8) */
            const uint8_t *t = (const uint8_t *)text + o[i];
            long long chars = 0;
            int b = 0;
            for (; b < len; b++)
                if ((t[b] & 0xC0) != 0x80 && chars++ == max_chars)
                    break;
            len = b;
        }
        if ((bits && !((bits[bit >> 3] >> (bit & 7)) & 1)) || len == 0) {
            res[i] = -2;
            continue;
        }
        int lang3[3], pct3[3], found, valid_prefix;
        double score3[3];
        bool reliable;
        detect_fn(text + o[i], len, true, &hints, 0, lang3, pct3, score3, NULL, &found,
                  &reliable, &valid_prefix);
        res[i] = valid_prefix < len ? -1 : lang3[0];
    }
    Py_END_ALLOW_THREADS
    ok = 1;
done:
    for (int k = 0; k < nbuf; k++)
        PyBuffer_Release(bufs[k]);
    return ok ? Py_NewRef(Py_None) : NULL;
}

static PyMethodDef methods[] = {
    {"load", py_load, METH_VARARGS,
     "load(path of pycld2's loaded module) -> None, or why CLD2 cannot be called"},
    {"code", py_code, METH_VARARGS, "code(language) -> CLD2's code for it"},
    {"detect", py_detect, METH_VARARGS,
     "detect(offsets int32, data, validity, first, n, out int32[, max_chars]): CLD2's "
     "first language per row (on its first max_chars code points), -1 where CLD2 rejects "
     "the bytes, -2 for null or empty rows"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_cld2batch",
    .m_doc = "CLD2 over an Arrow string array (see provscan.detect.language).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__cld2batch(void) { return PyModule_Create(&module); }
