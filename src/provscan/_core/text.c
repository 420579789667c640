/* Normalisation, content hashes and the token estimate: one pass over each row.
 *
 * Reference: provscan.scan.text.normalise_reference (NFC, every White_Space run to one
 * ASCII space, stripped), xxh3_128_hex_reference and tokens.WordCounter. NFC itself is
 * not done here: rows holding a character NFC may change are flagged, and the caller
 * runs them through Arrow's NFC (the reference's) and then through here again. NFC
 * never turns white space into other characters or back, so flagging and collapsing in
 * one pass is safe. */
#include <string.h>

#include "core.h"
#define XXH_INLINE_ALL
#include "xxhash.h"

static const char HEX[] = "0123456789abcdef";

static void put_hex128(const void *data, size_t len, uint8_t *hex)
{
    XXH128_canonical_t c; /* big-endian: high 64 bits first, as hexdigest() prints */
    XXH128_canonicalFromHash(&c, XXH3_128bits(data, len));
    for (int i = 0; i < 16; i++) {
        hex[2 * i] = (uint8_t)HEX[c.digest[i] >> 4];
        hex[2 * i + 1] = (uint8_t)HEX[c.digest[i] & 15];
    }
}

/* How the collapse loop treats each byte value (filled once by core_init_text):
 * BYTE_PLAIN is copied as it is, BYTE_WS is ASCII white space, BYTE_CHECK starts a
 * character that may be white space or change under NFC (or, for the token estimate,
 * be CJK), which is decoded and looked up. UTF-8 continuation bytes and the lead bytes
 * of characters that can be none of these are plain: copied one by one, they give the
 * same bytes as decoding would. */
enum { BYTE_PLAIN = 0, BYTE_WS = 1, BYTE_CHECK = 2 };
static uint8_t byte_class[2][256]; /* [with tokens][byte] */
/* For a three-byte lead byte that needs checking, its 64-character blocks (by the
 * second byte) that do: most of U+2xxx (quotes, dashes) needs no look-up. */
static uint8_t block_check[2][16 * 64];
/* Lead bytes of CJK characters, for the token estimate on its own; whether all are
 * >= 0xE0 (three- and four-byte characters), which the eight-byte test relies on. */
static uint8_t cjk_lead[256];
static int cjk_leads_high = 1;

void core_init_text(void)
{
    for (int t = 0; t < 2; t++) {
        uint8_t need = PROP_WS | PROP_NFC | (t ? PROP_CJK : 0);
        for (uint32_t cp = 0; cp < 0x110000; cp++) {
            if ((cp >= 0xD800 && cp <= 0xDFFF) || !(prop_of(cp) & need))
                continue;
            uint8_t enc[4];
            size_t n = utf8_encode(cp, enc);
            if (n == 1) {
                byte_class[t][cp] = BYTE_WS; /* only ASCII white space is needed here */
                continue;
            }
            byte_class[t][enc[0]] = BYTE_CHECK;
            if (prop_of(cp) & PROP_CJK) {
                cjk_lead[enc[0]] = 1;
                cjk_leads_high &= enc[0] >= 0xE0;
            }
            if (n == 3)
                block_check[t][(enc[0] & 0x0F) << 6 | (enc[1] & 0x3F)] = 1;
        }
    }
}

/* The state of collapsing one row. */
typedef struct {
    const uint8_t *cls, *blocks; /* byte_class and block_check, with or without tokens */
    uint8_t *o;                  /* next output byte */
    unsigned prev;               /* the last input character was white space */
    int nfc;
    int64_t spaces, cjk;
} Collapse;

/* One character at p: written (white space as ' ', and not after white space); returns
 * its length. Branch-free for plain bytes and ASCII white space: the byte is always
 * written at o, and o advances unless it is white space after white space. */
static inline __attribute__((always_inline)) size_t step(Collapse *c, const uint8_t *p, const uint8_t *end)
{
    uint8_t b = *p;
    unsigned cls = c->cls[b];
    size_t n = 1;
    if (cls == BYTE_CHECK) {
        uint32_t cp;
        uint8_t prop = 0; /* a three-byte character in a block that needs nothing */
        if ((b & 0xF0) == 0xE0 && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
            (p[2] & 0xC0) == 0x80 && !c->blocks[(b & 0x0F) << 6 | (p[1] & 0x3F)]) {
            n = 3;
        } else {
            n = utf8_decode(p, end, &cp);
            prop = prop_of(cp);
        }
        if (!(prop & PROP_WS)) {
            c->nfc |= prop & PROP_NFC;
            c->cjk += (prop & PROP_CJK) != 0;
            memcpy(c->o, p, n);
            c->o += n;
            c->prev = 0;
            return n;
        }
        cls = BYTE_WS;
        b = ' ';
    }
    unsigned ws = cls; /* 0 or 1 */
    *c->o = ws ? ' ' : b;
    c->o += 1 - (ws & c->prev);
    c->spaces += ws & !c->prev;
    c->prev = ws;
    return n;
}

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

/* Eight bytes at once, when they need no change: no white space but single spaces
 * (not after white space), no character to check. Returns 0 to fall back to step().
 * Masks hold 0x80 in each byte where the test holds (little-endian: byte k of the
 * text is byte k of x). */
static inline __attribute__((always_inline)) int plain8(Collapse *c, const uint8_t *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    uint64_t below = ~(((x & ~HIGH) + (0x80 - 0x21) * ONES) | x) & HIGH; /* < 0x21 */
    uint64_t y = x ^ (0x20 * ONES);
    uint64_t space = ~(((y & ~HIGH) + ~HIGH) | y) & HIGH;      /* == 0x20 */
    /* eight look-ups rather than a loop over the lead bytes: no branch to mispredict */
    const uint8_t *cls = c->cls;
    unsigned check = cls[p[0]] | cls[p[1]] | cls[p[2]] | cls[p[3]] | cls[p[4]] | cls[p[5]] |
                     cls[p[6]] | cls[p[7]];
    if (below != space || (space & ((space << 8) | (c->prev ? 0x80 : 0))) ||
        (check & BYTE_CHECK))
        return 0; /* control characters, white space other than a single space, or a
                     character to look up */
    memcpy(c->o, p, 8);
    c->o += 8;
    c->spaces += __builtin_popcountll(space);
    c->prev = (unsigned)(space >> 63);
    return 1;
}

/* Collapse one row into out; returns its length. *nfc gets whether a character may
 * change under NFC; with tokens, *tokens gets the estimate (spaces + 1 when not empty,
 * + CJK characters). */
static size_t collapse_row(const uint8_t *s, size_t len, uint8_t *out, int *nfc,
                           int64_t *tokens)
{
    Collapse c = {byte_class[tokens != NULL], block_check[tokens != NULL], out, 1, 0, 0, 0};
    const uint8_t *p = s, *end = s + len; /* prev = 1 at the start drops a leading run */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (end - p >= 8) {
        if (plain8(&c, p)) {
            p += 8;
            continue;
        }
        for (const uint8_t *stop = p + 8; p < stop;) /* a character may run past stop */
            p += step(&c, p, end);
    }
#endif
    while (p < end)
        p += step(&c, p, end);
    if (c.prev && c.o > out) { /* a trailing run left one space: strip it */
        c.o--;
        c.spaces--;
    }
    *nfc = c.nfc != 0;
    if (tokens)
        *tokens = c.o == out ? 0 : c.spaces + 1 + c.cjk;
    return (size_t)(c.o - out);
}

int64_t core_normalise(const StrArray *a, int32_t *out_offsets, uint8_t *out, uint8_t *nfc,
                       uint8_t *hex, int64_t *tokens)
{
    int64_t pos = 0;
    out_offsets[0] = 0;
    for (int64_t i = 0; i < a->n; i++) {
        int flag = 0;
        int64_t tok = 0;
        size_t len = 0;
        if (str_valid(a, i)) {
            int64_t s = str_start(a, i), e = str_start(a, i + 1);
            len = collapse_row(a->data + s, (size_t)(e - s), out + pos, &flag,
                               tokens ? &tok : NULL);
        }
        if (nfc)
            nfc[i] = (uint8_t)flag;
        if (hex)
            put_hex128(out + pos, len, hex + 32 * i);
        if (tokens)
            tokens[i] = tok;
        pos += (int64_t)len;
        out_offsets[i + 1] = (int32_t)pos;
    }
    return pos;
}

void core_hash128_hex(const StrArray *a, uint8_t *hex)
{
    for (int64_t i = 0; i < a->n; i++) {
        int64_t s = str_start(a, i), e = str_start(a, i + 1);
        put_hex128(a->data + s, (size_t)(e - s), hex + 32 * i);
    }
}

void core_hash64(const StrArray *a, uint64_t seed, uint64_t *out)
{
    for (int64_t i = 0; i < a->n; i++) {
        int64_t s = str_start(a, i), e = str_start(a, i + 1);
        out[i] = XXH3_64bits_withSeed(a->data + s, (size_t)(e - s), seed);
    }
}

/* Count spaces and CJK characters from p to stop (the row ends at end; the last
 * character may run past stop). Returns where counting stopped. */
static inline const uint8_t *count_bytes(const uint8_t *p, const uint8_t *stop,
                                         const uint8_t *end, int64_t *spaces, int64_t *cjk)
{
    while (p < stop) {
        if (cjk_lead[*p]) {
            uint32_t cp;
            p += utf8_decode(p, end, &cp);
            *cjk += (prop_of(cp) & PROP_CJK) != 0;
            continue;
        }
        *spaces += *p++ == ' ';
    }
    return p;
}

void core_count_tokens(const StrArray *a, int64_t *out)
{
    for (int64_t i = 0; i < a->n; i++) {
        int64_t s = str_start(a, i), e = str_start(a, i + 1);
        const uint8_t *p = a->data + s, *end = a->data + e;
        int64_t spaces = 0, cjk = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* Eight bytes at a time: spaces by a mask, unless one of them may lead a CJK
         * character (all are >= 0xE0: a quick test, then the exact one). */
        while (cjk_leads_high && end - p >= 8) {
            uint64_t x;
            memcpy(&x, p, 8);
            if (x & (x << 1) & (x << 2) & HIGH) {
                unsigned lead = 0;
                for (int k = 0; k < 8; k++)
                    lead |= cjk_lead[p[k]];
                if (lead) {
                    p = count_bytes(p, p + 8, end, &spaces, &cjk);
                    continue;
                }
            }
            uint64_t y = x ^ (0x20 * ONES);
            spaces += __builtin_popcountll(~(((y & ~HIGH) + ~HIGH) | y) & HIGH);
            p += 8;
        }
#endif
        count_bytes(p, end, end, &spaces, &cjk);
        out[i] = e == s ? 0 : spaces + 1 + cjk;
    }
}
