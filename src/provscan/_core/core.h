/* provscan's compiled scan core: shared declarations.
 *
 * Everything here works on the two buffers of an Arrow string array, the offsets and
 * the UTF-8 data, and never on Python objects, so the callers in module.c can release
 * the GIL around it. Each function mirrors a reference implementation in
 * provscan.scan (text.py, tokens.py, minhash.py) byte for byte; tests/test_core.py
 * checks that they agree.
 */
#ifndef PROVSCAN_CORE_H
#define PROVSCAN_CORE_H

#include <stddef.h>
#include <stdint.h>

/* ---- character properties (props.c) ------------------------------------------------ */

enum {
    PROP_WS = 1,         /* Unicode White_Space: collapsed by normalisation */
    PROP_NFC = 2,        /* may change under NFC: the row goes through NFC */
    PROP_PUNCT = 4,      /* general category P: stripped from MinHash word edges */
    PROP_NO_SPACE = 8,   /* script written without spaces: a MinHash word per character */
    PROP_CJK = 16,       /* one token per character in the token estimate */
    PROP_LOWER = 32,     /* has a lower-case mapping other than itself */
};

/* A byte that does not start a valid UTF-8 sequence decodes to this "code point": one
 * byte long, no property. Arrow strings are valid UTF-8, so it only keeps the core safe. */
#define CP_INVALID 0x110000u

extern uint8_t core_props[0x110001];
void core_init_props(void);
uint32_t core_lower(uint32_t cp); /* only for code points with PROP_LOWER */

static inline uint8_t prop_of(uint32_t cp) { return core_props[cp]; }

/* Decode the character at s (s < end): its code point in *cp, its length as result.
 * Invalid or truncated sequences (overlong forms and surrogates included) are one byte
 * of CP_INVALID, so the decoder never reads past end. */
static inline size_t utf8_decode(const uint8_t *s, const uint8_t *end, uint32_t *cp)
{
    uint8_t b = s[0];
    size_t left = (size_t)(end - s);
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF && left >= 2 && (s[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(b & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (b >= 0xE0 && b <= 0xEF && left >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80) {
        uint32_t c = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
                     (s[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            return 3;
        }
    }
    if (b >= 0xF0 && b <= 0xF4 && left >= 4 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
        uint32_t c = ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
                     ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        if (c >= 0x10000 && c <= 0x10FFFF) {
            *cp = c;
            return 4;
        }
    }
    *cp = CP_INVALID;
    return 1;
}

/* Encode a valid code point; returns its length. */
static inline size_t utf8_encode(uint32_t cp, uint8_t *out)
{
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- string arrays ----------------------------------------------------------------- */

/* The buffers of an Arrow string/binary array (already sliced: offsets[0..n]). */
typedef struct {
    const void *offsets;    /* n + 1 offsets into data */
    int wide;               /* offsets are int64 (large_string), else int32 */
    const uint8_t *data;
    const uint8_t *validity; /* validity bitmap or NULL (no nulls) */
    int64_t bit_offset;     /* of row 0 in the bitmap */
    int64_t n;
} StrArray;

static inline int64_t str_start(const StrArray *a, int64_t i)
{
    return a->wide ? ((const int64_t *)a->offsets)[i] : ((const int32_t *)a->offsets)[i];
}

static inline int str_valid(const StrArray *a, int64_t i)
{
    int64_t bit = a->bit_offset + i;
    return a->validity == NULL || (a->validity[bit >> 3] >> (bit & 7)) & 1;
}

/* ---- normalisation, hashing, tokens (text.c) -------------------------------------- */

void core_init_text(void); /* after core_init_props */

/* Normalise every row (nulls as ""): White_Space runs to one space, stripped. Writes
 * out_offsets[0..n] (int32) and the bytes to out (room for the input's bytes). Per row,
 * optionally: nfc[i] = 1 when it holds a character NFC may change (the caller then
 * normalises the row with NFC and again here), hex[32 i..] = xxh3-128 of the result,
 * tokens[i] = the token estimate of the result. Returns the bytes written. */
int64_t core_normalise(const StrArray *a, int32_t *out_offsets, uint8_t *out, uint8_t *nfc,
                       uint8_t *hex, int64_t *tokens);

/* xxh3-128 of each row's bytes as 32 lower-case hex digits, at hex[32 i]. */
void core_hash128_hex(const StrArray *a, uint8_t *hex);

/* xxh3-64 of each row's bytes with the given seed. */
void core_hash64(const StrArray *a, uint64_t seed, uint64_t *out);

/* The token estimate of normalised text: words between single spaces plus one per
 * CJK character (provscan.scan.tokens.WordCounter). */
void core_count_tokens(const StrArray *a, int64_t *out);

/* ---- MinHash (minhash.c, sig.c) ---------------------------------------------------- */

typedef struct {
    const uint64_t *multipliers; /* num_perm odd multipliers */
    int num_perm;                /* permutations computed */
    uint64_t shingle_seed;
    int shingle;                 /* words per shingle */
    const uint64_t *band_seeds;  /* bands seeds, or NULL for no band keys */
    int bands, rows;
    int kernel;                  /* KERNEL_*: one that core_kernels() lists */
} MinHashSpec;

/* For each row: has[i] = 1 when it has at least one shingle. Then, if sig is given, its
 * num_perm minima at sig[num_perm * (rows with a signature before it)]; if keys is
 * given, its band keys at keys[bands * i] (zeros where has[i] = 0). Returns the number
 * of rows with a signature, or -1 when out of memory. */
int64_t core_minhash(const StrArray *a, const MinHashSpec *spec, uint8_t *has, uint64_t *sig,
                     uint64_t *keys);

/* sig[p] = min(sig[p], mult[p] * x[j] mod 2^64) over j < nx, for p < np, np a multiple
 * of the granule core_sig_update gives (sig and mult padded). */
typedef void (*SigUpdate)(uint64_t *sig, const uint64_t *mult, int np, const uint64_t *x,
                          size_t nx);
enum { KERNEL_PORTABLE = 0, KERNEL_AVX2 = 1, KERNEL_AVX512 = 2 };
int core_kernels(void);     /* bit set of the kernels this machine runs */
int core_best_kernel(void); /* the fastest of them */
SigUpdate core_sig_update(int kernel, int *granule);
const char *core_kernel_name(int kernel);

#endif
