/* The emulator's "model file": key=value lines that script its behaviour. */
#include "emu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Only the head is read, so pointing the emulator at a multi-GB real model is harmless. */
#define EMU_CONFIG_MAX_BYTES 65536

static char* trim(char* s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char* e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static int parse_long(const char* v, long* out)
{
    char* end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0')
        return -1;
    *out = x;
    return 0;
}

static void apply(emu_config* cfg, const char* key, const char* value)
{
    long x;
    if (strcmp(key, "memory_mb") == 0) {
        char* end;
        float f = strtof(value, &end);
        if (end != value && *end == '\0' && f >= 0)
            cfg->memory_mb = f;
        return;
    }
    if (parse_long(value, &x) != 0)
        return; /* malformed values keep the default, like unknown keys */
    if (strcmp(key, "token_delay_us") == 0 && x >= 0)
        cfg->token_delay_us = x;
    else if (strcmp(key, "prefill_delay_us") == 0 && x >= 0)
        cfg->prefill_delay_us = x;
    else if (strcmp(key, "embd_size") == 0 && x > 0 && x <= 65536)
        cfg->embd_size = (int)x;
    else if (strcmp(key, "vocab_size") == 0 && x > 0 && x <= 1048576)
        cfg->vocab_size = (int)x;
    else if (strcmp(key, "crash_after_tokens") == 0)
        cfg->crash_after_tokens = x < 0 ? -1 : x;
    else if (strcmp(key, "hang_after_tokens") == 0)
        cfg->hang_after_tokens = x < 0 ? -1 : x;
    else if (strcmp(key, "leak_kb_per_token") == 0 && x >= 0 && x <= 1048576)
        cfg->leak_kb_per_token = x;
    else if (strcmp(key, "crash_on_init") == 0)
        cfg->crash_on_init = x != 0;
}

int emu_config_load(const char* path, emu_config* cfg)
{
    *cfg = (emu_config){
        .token_delay_us = 0,
        .prefill_delay_us = 0,
        .embd_size = 16,
        .vocab_size = 64,
        .crash_after_tokens = -1,
        .hang_after_tokens = -1,
        .crash_on_init = 0,
        .memory_mb = 100.0f,
        .leak_kb_per_token = 0,
    };
    struct stat st;
    if (path == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    FILE* f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    char* buf = malloc(EMU_CONFIG_MAX_BYTES + 1);
    if (buf == NULL) {
        fclose(f);
        return -1;
    }
    size_t n = fread(buf, 1, EMU_CONFIG_MAX_BYTES, f);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    char* save = NULL;
    for (char* line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char* eq = strchr(line, '=');
        if (eq == NULL || line[0] == '#')
            continue;
        *eq = '\0';
        apply(cfg, trim(line), trim(eq + 1));
    }
    free(buf);

    const char* env = getenv("NANO_EMU_TOKEN_DELAY_US");
    long x;
    if (env && parse_long(env, &x) == 0 && x >= 0)
        cfg->token_delay_us = x;
    return 0;
}
