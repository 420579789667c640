/* The MinHash inner loop: sig[p] = min(sig[p], mult[p] * x mod 2^64) for a block of
 * shingle hashes x. It is most of the MinHash time (120 multiplications per shingle),
 * so besides the portable version there is an AVX-512 one (eight 64-bit products per
 * instruction: vpmullq, vpminuq), chosen at run time when the CPU and the OS support
 * it. Both give the same minima: they compute the same products. */
#include "core.h"

/* Portable: four independent minima per permutation, so the compare-and-select chains
 * do not wait on each other. */
static void sig_update_scalar(uint64_t *sig, const uint64_t *mult, int np, const uint64_t *x,
                              size_t nx)
{
    for (int p = 0; p < np; p++) {
        uint64_t a = mult[p];
        uint64_t m0 = sig[p], m1 = m0, m2 = m0, m3 = m0;
        size_t j = 0;
        for (; j + 4 <= nx; j += 4) {
            uint64_t v0 = a * x[j], v1 = a * x[j + 1], v2 = a * x[j + 2], v3 = a * x[j + 3];
            m0 = v0 < m0 ? v0 : m0;
            m1 = v1 < m1 ? v1 : m1;
            m2 = v2 < m2 ? v2 : m2;
            m3 = v3 < m3 ? v3 : m3;
        }
        for (; j < nx; j++) {
            uint64_t v = a * x[j];
            m0 = v < m0 ? v : m0;
        }
        m0 = m1 < m0 ? m1 : m0;
        m2 = m3 < m2 ? m3 : m2;
        sig[p] = m2 < m0 ? m2 : m0;
    }
}

#if (defined(__x86_64__) || defined(_M_X64)) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AVX512_PATH 1
#include <cpuid.h>
#include <immintrin.h>

/* Eight vectors of eight permutations per pass over the shingles: one broadcast
 * shingle feeds 8 products and 8 minima kept in registers. vpmullq is the bound (about
 * 1.5 cycles each). The caller pads the permutations to a multiple of 64. */
#define AVX512 __attribute__((target("avx512f,avx512dq")))
AVX512 static inline void avx512_block8(uint64_t *sig, const uint64_t *mult, const uint64_t *x,
                                        size_t nx)
{
    __m512i a[8], m[8];
    for (int k = 0; k < 8; k++) {
        a[k] = _mm512_loadu_si512(mult + 8 * k);
        m[k] = _mm512_loadu_si512(sig + 8 * k);
    }
    for (size_t j = 0; j < nx; j++) {
        __m512i v = _mm512_set1_epi64((long long)x[j]);
        for (int k = 0; k < 8; k++)
            m[k] = _mm512_min_epu64(m[k], _mm512_mullo_epi64(a[k], v));
    }
    for (int k = 0; k < 8; k++)
        _mm512_storeu_si512(sig + 8 * k, m[k]);
}

AVX512 static void sig_update_avx512(uint64_t *sig, const uint64_t *mult, int np,
                                     const uint64_t *x, size_t nx)
{
    for (int p = 0; p < np; p += 64)
        avx512_block8(sig + p, mult + p, x, nx);
}

/* AVX-512 F and DQ in the CPU, and the OS saving the ZMM registers (XCR0 bits 1, 2,
 * 5, 6, 7): cpuid and xgetbv directly, which works with gcc and clang on Linux and
 * macOS alike. */
static int cpu_has_avx512(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) /* OSXSAVE */
        return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6)
        return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return 0;
    return (b & (1u << 16)) && (b & (1u << 17)); /* AVX512F, AVX512DQ */
}
#endif

static int simd_state = -1; /* -1 not yet asked; set once at module init */

static int use_simd(void)
{
    if (simd_state < 0) {
#ifdef HAVE_AVX512_PATH
        simd_state = cpu_has_avx512();
#else
        simd_state = 0;
#endif
    }
    return simd_state;
}

SigUpdate core_sig_update(int portable, int *granule)
{
#ifdef HAVE_AVX512_PATH
    if (!portable && use_simd()) {
        *granule = 64;
        return sig_update_avx512;
    }
#endif
    (void)portable;
    *granule = 1;
    return sig_update_scalar;
}

const char *core_simd_name(void) { return use_simd() ? "avx512" : "portable"; }
