/* MinHash signatures and LSH band keys, one document at a time, in one pass.
 *
 * Reference: provscan.scan.minhash (MinHasher.band_keys_reference), which does the same
 * with numpy and Arrow over a whole batch:
 *   words     the text cut at its spaces (U+0020); inside a token, every character of a
 *             script written without spaces is a word of its own; each piece is
 *             lower-cased (utf8proc, one code point to one), stripped of leading and
 *             trailing punctuation (\pP) and dropped if empty; its hash is xxh3-64;
 *   shingles  k consecutive word hashes as the polynomial ((w0*P + w1)*P + ...) mod 2^64,
 *             xor the shingle seed, through murmur3's fmix64;
 *   minima    sig[p] = min over shingles x of multipliers[p] * x mod 2^64 (sig.c);
 *   bands     each band's rows minima folded as the same polynomial from the band's
 *             seed, through fmix64.
 * Nothing is kept per word: a ring of the last k word hashes gives each shingle, and
 * shingles are buffered a few hundred at a time for the minima, so a 20 MB document
 * needs no more memory than a short one (besides its longest token). */
#include <stdlib.h>
#include <string.h>

#include "core.h"
#define XXH_INLINE_ALL
#include "xxhash.h"

#define P_BASE 0x9E3779B97F4A7C15ULL /* odd: the polynomial base (minhash.py's _P) */
#define MAX_SHINGLE 64
#define SHINGLE_BUF 256 /* shingles per signature update: 2 KB, stays in L1 */
#define CACHE_BITS 12   /* 4,096 cached tokens: 128 KB, stays in L2 */
#define CACHE_SIZE (1u << CACHE_BITS)

/* What a token (the bytes between two spaces, under 16 of them) gives: no word or one
 * word and its hash. Web text repeats its words, so most tokens are found here, which
 * saves lower-casing, stripping and hashing them again: the numpy reference does the
 * same by dictionary-encoding the tokens of a batch. An empty entry has len 0. */
struct CacheEntry {
    uint64_t lo, hi; /* the token's bytes, zero-padded to 16 */
    uint32_t len;
    uint32_t words;  /* 0 or 1 */
    uint64_t hash;
};

static inline uint64_t fmix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDULL;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ULL;
    x ^= x >> 33;
    return x;
}

typedef struct {
    const MinHashSpec *spec;
    SigUpdate update;
    uint64_t *mult;     /* multipliers padded to np with 1 */
    uint64_t *sig;      /* the current document's minima, np of them */
    int np;             /* num_perm rounded up to what the SigUpdate takes */
    uint64_t pow_k1;    /* P^(k-1): what the oldest word weighs in the polynomial */
    uint64_t ring[MAX_SHINGLE];
    uint64_t poly;      /* polynomial of the last k words (before seed and fmix) */
    int64_t words;      /* words of the current document so far */
    int slot;           /* where the next word goes in ring: words mod k */
    uint64_t buf[SHINGLE_BUF];
    size_t nbuf;
    uint64_t last_word; /* the hash of the last word added */
    uint8_t *piece;     /* a lower-cased word being built */
    size_t piece_cap;
    struct CacheEntry *cache; /* CACHE_SIZE tokens seen, with their word */
} State;

static void flush(State *st)
{
    if (st->nbuf) {
        st->update(st->sig, st->mult, st->np, st->buf, st->nbuf);
        st->nbuf = 0;
    }
}

/* One more word: shift it into the polynomial and emit a shingle once k are in. */
static inline void add_word(State *st, uint64_t w)
{
    int k = st->spec->shingle;
    int slot = st->slot;
    if (st->words >= k) /* drop the oldest word: poly - w_old * P^(k-1), exact mod 2^64 */
        st->poly -= st->ring[slot] * st->pow_k1;
    st->poly = st->poly * P_BASE + w;
    st->ring[slot] = w;
    st->last_word = w;
    st->slot = slot + 1 == k ? 0 : slot + 1;
    if (++st->words >= k) {
        st->buf[st->nbuf++] = fmix64(st->poly ^ st->spec->shingle_seed);
        if (st->nbuf == SHINGLE_BUF)
            flush(st);
    }
}

static const uint8_t *ensure_piece(State *st, size_t need)
{
    if (need > st->piece_cap) {
        uint8_t *p = realloc(st->piece, need);
        if (!p)
            return NULL;
        st->piece = p;
        st->piece_cap = need;
    }
    return st->piece;
}

/* A token of ASCII bytes only (the common case): strip, lower-case, hash. */
static void ascii_token(State *st, const uint8_t *s, size_t len)
{
    size_t i = 0, j = len;
    while (i < j && (prop_of(s[i]) & PROP_PUNCT))
        i++;
    while (j > i && (prop_of(s[j - 1]) & PROP_PUNCT))
        j--;
    if (i == j)
        return;
    int upper = 0; /* in ASCII, utf8proc lower-cases A-Z and nothing else */
    for (size_t q = i; q < j; q++)
        upper |= (uint8_t)(s[q] - 'A') < 26;
    if (!upper) {
        add_word(st, XXH3_64bits(s + i, j - i));
        return;
    }
    for (size_t q = i; q < j; q++) /* the piece buffer holds at least len bytes */
        st->piece[q - i] = (uint8_t)((uint8_t)(s[q] - 'A') < 26 ? s[q] | 0x20 : s[q]);
    add_word(st, XXH3_64bits(st->piece, j - i));
}

/* Build pieces of a token with non-ASCII characters. The lower-cased piece is written
 * to st->piece; first/last_end bound its characters that are not punctuation. */
static void general_token(State *st, const uint8_t *s, size_t len)
{
    const uint8_t *p = s, *end = s + len;
    size_t n = 0;                        /* bytes in the piece */
    size_t first = SIZE_MAX, last_end = 0;
    while (p <= end) {
        uint32_t cp = 0;
        size_t clen = 0;
        uint8_t prop = 0;
        if (p < end) {
            clen = utf8_decode(p, end, &cp);
            prop = prop_of(cp);
        }
        if (p == end || (prop & PROP_NO_SPACE)) {
            if (first != SIZE_MAX) /* the piece so far is a word */
                add_word(st, XXH3_64bits(st->piece + first, last_end - first));
            n = 0;
            first = SIZE_MAX;
            last_end = 0;
            if (p == end)
                break;
            /* the character alone: lower-cased, and no word if it is punctuation */
            uint32_t c = (prop & PROP_LOWER) ? core_lower(cp) : cp;
            if (!(prop_of(c) & PROP_PUNCT)) {
                uint8_t tmp[4];
                size_t tl = c == cp ? clen : utf8_encode(c, tmp);
                add_word(st, XXH3_64bits(c == cp ? p : tmp, tl));
            }
            p += clen;
            continue;
        }
        size_t at = n;
        if (prop & PROP_LOWER) {
            uint32_t c = core_lower(cp);
            n += utf8_encode(c, st->piece + n);
            prop = prop_of(c);
        } else {
            memcpy(st->piece + n, p, clen); /* invalid bytes too, as they are */
            n += clen;
        }
        if (!(prop & PROP_PUNCT)) {
            if (first == SIZE_MAX)
                first = at;
            last_end = n;
        }
        p += clen;
    }
}

/* One token: its words into the shingle state. Returns 0, or -1 out of memory. */
static int token(State *st, const uint8_t *p, size_t len)
{
    uint8_t any = 0;
    for (size_t i = 0; i < len; i++)
        any |= p[i];
    /* lower-casing grows a character by at most one byte (2 -> 3) */
    if (!ensure_piece(st, 2 * len + 4))
        return -1;
    if (any < 0x80)
        ascii_token(st, p, len);
    else
        general_token(st, p, len);
    return 0;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FAST_TOKENS 1
#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

static inline uint64_t load64(const uint8_t *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

/* 0x80 in each byte of x that is a space (exact: no carries between bytes). */
static inline uint64_t space_mask(uint64_t x)
{
    uint64_t y = x ^ (0x20 * ONES);
    return ~(((y & ~HIGH) + ~HIGH) | y) & HIGH;
}

/* The low n bytes of x (n < 8). */
static inline uint64_t low_bytes(uint64_t x, size_t n) { return x & ((1ULL << (8 * n)) - 1); }

/* A token under 16 bytes at p, read 16 bytes at a time (limit - p >= 16): its length
 * up to the next space or the end of the document, looked up in the cache and, when
 * missing, made into words by token() and remembered. Returns the token's length, or
 * 16 when it has 16 bytes or more (left to the caller), or -1 out of memory. */
static int64_t cached_token(State *st, const uint8_t *p, const uint8_t *end)
{
    uint64_t x0 = load64(p), x1 = load64(p + 8);
    uint64_t m0 = space_mask(x0), m1 = space_mask(x1);
    size_t len = m0 ? (size_t)__builtin_ctzll(m0) >> 3
                    : m1 ? 8 + ((size_t)__builtin_ctzll(m1) >> 3) : 16;
    if (len > (size_t)(end - p))
        len = (size_t)(end - p); /* the space found is in the next document */
    if (len >= 16)
        return 16;
    uint64_t lo = len >= 8 ? x0 : low_bytes(x0, len);
    uint64_t hi = len > 8 ? low_bytes(x1, len - 8) : 0;
    uint64_t h = ((lo ^ (hi * 0xC2B2AE3D27D4EB4FULL) ^ len) * P_BASE) >> (64 - CACHE_BITS);
    struct CacheEntry *e = &st->cache[h];
    if (e->lo == lo && e->hi == hi && e->len == len) {
        if (e->words)
            add_word(st, e->hash);
        return (int64_t)len;
    }
    int64_t before = st->words;
    if (token(st, p, len) < 0)
        return -1;
    if (st->words - before <= 1) {
        e->lo = lo;
        e->hi = hi;
        e->len = (uint32_t)len;
        e->words = (uint32_t)(st->words - before);
        e->hash = st->last_word;
    }
    return (int64_t)len;
}
#endif

/* The words of one document, into the shingle state; bytes up to limit may be read
 * (for 16 bytes at a time). Returns 0, or -1 out of memory. */
static int document(State *st, const uint8_t *s, size_t len, const uint8_t *limit)
{
    const uint8_t *p = s, *end = s + len;
    while (p < end) {
        if (*p == ' ') { /* an empty token: text that was not normalised */
            p++;
            continue;
        }
#ifdef FAST_TOKENS
        if (limit - p >= 16) {
            int64_t tl = cached_token(st, p, end);
            if (tl < 0)
                return -1;
            if (tl < 16) {
                p += tl + 1;
                continue;
            }
        }
#endif
        const uint8_t *q = p;
        while (q < end && *q != ' ')
            q++;
        if (token(st, p, (size_t)(q - p)) < 0)
            return -1;
        p = q + 1;
    }
    (void)limit;
    return 0;
}

int64_t core_minhash(const StrArray *a, const MinHashSpec *spec, uint8_t *has, uint64_t *sig,
                     uint64_t *keys)
{
    State st;
    memset(&st, 0, sizeof st);
    st.spec = spec;
    int granule;
    st.update = core_sig_update(spec->kernel, &granule);
    st.np = (spec->num_perm + granule - 1) / granule * granule;
    st.pow_k1 = 1;
    for (int j = 1; j < spec->shingle; j++)
        st.pow_k1 *= P_BASE;
    st.mult = malloc(sizeof(uint64_t) * (size_t)st.np * 2);
    st.piece_cap = 4096;
    st.piece = malloc(st.piece_cap);
    st.cache = calloc(CACHE_SIZE, sizeof(struct CacheEntry));
    const uint8_t *limit = a->data + (a->n ? str_start(a, a->n) : 0);
    int64_t n_has = 0;
    if (!st.mult || !st.piece || !st.cache || spec->shingle > MAX_SHINGLE)
        goto fail;
    st.sig = st.mult + st.np;
    for (int p = 0; p < st.np; p++)
        st.mult[p] = p < spec->num_perm ? spec->multipliers[p] : 1;
    for (int64_t i = 0; i < a->n; i++) {
        for (int p = 0; p < st.np; p++)
            st.sig[p] = UINT64_MAX;
        st.words = 0;
        st.slot = 0;
        st.poly = 0;
        st.nbuf = 0;
        if (str_valid(a, i)) {
            int64_t s = str_start(a, i), e = str_start(a, i + 1);
            if (document(&st, a->data + s, (size_t)(e - s), limit) < 0)
                goto fail;
            flush(&st);
        }
        has[i] = st.words >= spec->shingle;
        if (keys) {
            uint64_t *out = keys + (size_t)spec->bands * (size_t)i;
            for (int b = 0; b < spec->bands; b++) {
                uint64_t h = spec->band_seeds[b];
                for (int r = 0; r < spec->rows; r++)
                    h = h * P_BASE + st.sig[b * spec->rows + r];
                out[b] = has[i] ? fmix64(h) : 0;
            }
        }
        if (has[i] && sig)
            memcpy(sig + (size_t)spec->num_perm * (size_t)n_has, st.sig,
                   sizeof(uint64_t) * (size_t)spec->num_perm);
        n_has += has[i];
    }
    free(st.mult);
    free(st.piece);
    free(st.cache);
    return n_has;
fail:
    free(st.mult);
    free(st.piece);
    free(st.cache);
    return -1;
}
