/* Character properties: one byte per code point, filled once from unicode_tables.h.
 *
 * A flat table (1.1 MB of zeros in BSS; only the pages of the listed ranges are ever
 * written or read) answers every question about a character with one load, where a
 * binary search over the ranges would take a dozen. */
#include "core.h"
#include "unicode_tables.h"

uint8_t core_props[0x110001];

/* Unicode White_Space (PropList.txt), as docs/manifest.md lists it. */
static const uint32_t WHITE_SPACE[][2] = {
    {0x0009, 0x000D}, {0x0020, 0x0020}, {0x0085, 0x0085}, {0x00A0, 0x00A0},
    {0x1680, 0x1680}, {0x2000, 0x200A}, {0x2028, 0x2029}, {0x202F, 0x202F},
    {0x205F, 0x205F}, {0x3000, 0x3000},
};

static void mark(const uint32_t (*ranges)[2], size_t len, uint8_t flag)
{
    for (size_t i = 0; i < len; i++)
        for (uint32_t cp = ranges[i][0]; cp <= ranges[i][1]; cp++)
            core_props[cp] |= flag;
}

void core_init_props(void)
{
    mark(WHITE_SPACE, sizeof WHITE_SPACE / sizeof WHITE_SPACE[0], PROP_WS);
    mark(NFC_UNSTABLE, NFC_UNSTABLE_LEN, PROP_NFC);
    mark(PUNCT, PUNCT_LEN, PROP_PUNCT);
    mark(NO_SPACE, NO_SPACE_LEN, PROP_NO_SPACE);
    mark(CJK, CJK_LEN, PROP_CJK);
    for (size_t i = 0; i < LOWER_LEN; i++)
        core_props[LOWER[i][0]] |= PROP_LOWER;
}

uint32_t core_lower(uint32_t cp)
{
    size_t lo = 0, hi = LOWER_LEN;
    while (lo < hi) { /* LOWER is sorted by code point */
        size_t mid = (lo + hi) / 2;
        if (LOWER[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < LOWER_LEN && LOWER[lo][0] == cp ? LOWER[lo][1] : cp;
}
