/* The MinHash inner loop: sig[p] = min(sig[p], mult[p] * x mod 2^64) for a block of
 * shingle hashes x. It is most of the MinHash time (120 multiplications per shingle),
 * so besides the portable kernel there are two for x86-64, chosen at run time by what
 * the CPU and the OS support: AVX-512 (eight 64-bit products per vpmullq, vpminuq) and
 * AVX2 (four per three 32-bit multiplications; an unsigned minimum by a signed compare
 * of values with the sign bit flipped). All compute the same products, so the same
 * minima; tests/test_core.py compares every kernel the machine has. */
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
#define HAVE_X86_KERNELS 1
#include <cpuid.h>
#include <immintrin.h>

/* AVX-512: eight vectors of eight permutations per pass over the shingles, one
 * broadcast shingle feeding 8 products and 8 minima kept in registers. vpmullq is the
 * bound (about 1.5 cycles each). The caller pads the permutations to 64. */
#define AVX512 __attribute__((target("avx512f,avx512dq")))
AVX512 static void sig_update_avx512(uint64_t *sig, const uint64_t *mult, int np,
                                     const uint64_t *x, size_t nx)
{
    for (int p = 0; p < np; p += 64) {
        __m512i a[8], m[8];
        for (int k = 0; k < 8; k++) {
            a[k] = _mm512_loadu_si512(mult + p + 8 * k);
            m[k] = _mm512_loadu_si512(sig + p + 8 * k);
        }
        for (size_t j = 0; j < nx; j++) {
            __m512i v = _mm512_set1_epi64((long long)x[j]);
            for (int k = 0; k < 8; k++)
                m[k] = _mm512_min_epu64(m[k], _mm512_mullo_epi64(a[k], v));
        }
        for (int k = 0; k < 8; k++)
            _mm512_storeu_si512(sig + p + 8 * k, m[k]);
    }
}

/* AVX2: a * x mod 2^64 = lo(a)lo(x) + ((hi(a)lo(x) + lo(a)hi(x)) << 32), three
 * vpmuludq; the minima are kept with the sign bit flipped, so that vpcmpgtq (signed)
 * orders them as unsigned. Four vectors of four permutations per pass; the caller pads
 * the permutations to 16. */
#define AVX2 __attribute__((target("avx2")))
AVX2 static void sig_update_avx2(uint64_t *sig, const uint64_t *mult, int np,
                                 const uint64_t *x, size_t nx)
{
    const __m256i sign = _mm256_set1_epi64x((long long)0x8000000000000000ULL);
    for (int p = 0; p < np; p += 16) {
        __m256i a[4], a_hi[4], m[4];
        for (int k = 0; k < 4; k++) {
            a[k] = _mm256_loadu_si256((const __m256i *)(mult + p + 4 * k));
            a_hi[k] = _mm256_srli_epi64(a[k], 32);
            m[k] = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(sig + p + 4 * k)),
                                    sign);
        }
        for (size_t j = 0; j < nx; j++) {
            __m256i x_lo = _mm256_set1_epi64x((long long)x[j]); /* vpmuludq reads 32 bits */
            __m256i x_hi = _mm256_set1_epi64x((long long)(x[j] >> 32));
            for (int k = 0; k < 4; k++) {
                __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(a_hi[k], x_lo),
                                                 _mm256_mul_epu32(a[k], x_hi));
                __m256i prod = _mm256_add_epi64(_mm256_mul_epu32(a[k], x_lo),
                                                _mm256_slli_epi64(cross, 32));
                prod = _mm256_xor_si256(prod, sign);
                m[k] = _mm256_blendv_epi8(m[k], prod, _mm256_cmpgt_epi64(m[k], prod));
            }
        }
        for (int k = 0; k < 4; k++)
            _mm256_storeu_si256((__m256i *)(sig + p + 4 * k), _mm256_xor_si256(m[k], sign));
    }
}

/* The kernels this CPU and OS can run: cpuid and xgetbv directly, which works with gcc
 * and clang on Linux and macOS alike. AVX2 needs the OS to save YMM state (XCR0 bits 1,
 * 2), AVX-512 also the opmask and ZMM state (bits 5, 6, 7). */
static int cpu_kernels(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) /* OSXSAVE */
        return 1 << KERNEL_PORTABLE;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return 1 << KERNEL_PORTABLE;
    int out = 1 << KERNEL_PORTABLE;
    if ((lo & 0x6) == 0x6 && (b & (1u << 5)))                       /* AVX2 */
        out |= 1 << KERNEL_AVX2;
    if ((lo & 0xE6) == 0xE6 && (b & (1u << 16)) && (b & (1u << 17))) /* AVX512F, DQ */
        out |= 1 << KERNEL_AVX512;
    return out;
}
#endif

static int kernels = 0; /* bit set of usable kernels; asked once, at module init */

int core_kernels(void)
{
    if (!kernels) {
#ifdef HAVE_X86_KERNELS
        kernels = cpu_kernels();
#else
        kernels = 1 << KERNEL_PORTABLE;
#endif
    }
    return kernels;
}

int core_best_kernel(void)
{
    int k = core_kernels();
    return k & (1 << KERNEL_AVX512) ? KERNEL_AVX512
           : k & (1 << KERNEL_AVX2) ? KERNEL_AVX2 : KERNEL_PORTABLE;
}

SigUpdate core_sig_update(int kernel, int *granule)
{
#ifdef HAVE_X86_KERNELS
    if (kernel == KERNEL_AVX512) {
        *granule = 64;
        return sig_update_avx512;
    }
    if (kernel == KERNEL_AVX2) {
        *granule = 16;
        return sig_update_avx2;
    }
#endif
    (void)kernel;
    *granule = 1;
    return sig_update_scalar;
}

const char *core_kernel_name(int kernel)
{
    return kernel == KERNEL_AVX512 ? "avx512" : kernel == KERNEL_AVX2 ? "avx2" : "portable";
}
