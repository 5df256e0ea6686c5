/* The deterministic token stream: FNV-1a seed, word list, position -> token. Documented in README.md. */
#include "emu.h"

#include <ctype.h>

static const char* const k_words[32] = {
    "the ",  "a ",     "model ", "runs ",  "on ",    "npu ",   "board ", "fast ",
    "token ", "stream ", "of ",   "words ", "and ",   "it ",    "is ",    "quiet ",
    "small ", "cold ",  "warm ",  "light ", "data ",  "flows ", "here ",  "now ",
    "we ",   "see ",   "more ",  "than ",  "one ",   "path ",  "to ",    "go ",
};

uint64_t emu_fnv1a(uint64_t h, const void* data, size_t len)
{
    const unsigned char* p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

const char* emu_word(int index)
{
    return k_words[index & 31];
}

/* splitmix64 finaliser of (seed ^ i * golden ratio): cheap, well mixed, trivially portable. */
int emu_token_at(uint64_t seed, int index)
{
    if (index % 5 == 4)
        return EMU_TOKEN_UTF8;
    uint64_t x = seed ^ ((uint64_t)index * 0x9E3779B97F4A7C15ULL);
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return (int)(x % 32);
}

/* Whitespace-separated words, at least 1: the emulator's "tokenizer". */
int emu_count_words(const char* s)
{
    int n = 0, in_word = 0;
    for (; s && *s; s++) {
        if (isspace((unsigned char)*s)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            n++;
        }
    }
    return n;
}

float emu_seed_mod(uint64_t seed)
{
    return (float)(seed % 1024);
}
