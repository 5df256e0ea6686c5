/*
 * Smoke test of the RKLLM ABI emulator, compiled once per ABI (-DNANO_RKLLM_ABI=12|13) and linked
 * against that build's librkllmrt.so. Exercises the behaviour contract in native/README.md: the token
 * stream, run/run_async, abort, pause/resume, KV accounting, infer modes, LoRA, prompt cache, bad arguments.
 */
#include "rkllm_abi.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char* nano_emu_version(void);
int nano_emu_abi(void);

static int failures;
#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "FAIL v%d %s:%d: %s\n", NANO_RKLLM_ABI, __func__, __LINE__, #cond); \
            failures++;                                                                \
        }                                                                              \
    } while (0)

#define E_ACUTE "\xc3\xa9"

/* ---- a result sink that records everything ---- */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t caller;
    LLMHandle handle;      /* for abort_after */
    char text[16384];
    int states[4096];
    int ids[4096];
    int calls, normal, waiting, finish, error, on_caller, bad_waiting_text;
    int pause_at;          /* callback index that answers 1, -1 never */
    int abort_after;       /* call rkllm_abort from the callback after this many NORMAL callbacks, -1 never */
    int linger_us;         /* the pausing callback keeps running this long after it has recorded the token */
    RKLLMPerfStat perf;
    float buffer[4096];    /* copy of hidden layer / logits */
    int buf_rows, buf_cols, buf_kind;
} sink;

static void sink_init(sink* s)
{
    memset(s, 0, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->caller = pthread_self();
    s->pause_at = -1;
    s->abort_after = -1;
}

static void sink_reset(sink* s)
{
    pthread_mutex_lock(&s->mu);
    s->text[0] = '\0';
    s->calls = s->normal = s->waiting = s->finish = s->error = s->on_caller = s->bad_waiting_text = 0;
    s->pause_at = s->abort_after = -1;
    s->linger_us = 0;
    s->buf_kind = 0;
    memset(&s->perf, 0, sizeof s->perf);
    pthread_mutex_unlock(&s->mu);
}

static int on_result(RKLLMResult* r, void* ud, LLMCallState state)
{
    sink* s = ud;
    pthread_mutex_lock(&s->mu);
    if (pthread_equal(pthread_self(), s->caller))
        s->on_caller++;
    int idx = s->calls++;
    if (idx < 4096) {
        s->states[idx] = state;
        s->ids[idx] = r->token_id;
    }
    int normal_now = 0;
    if (state == RKLLM_RUN_NORMAL) {
        normal_now = ++s->normal;
        if (r->text)
            strncat(s->text, r->text, sizeof s->text - strlen(s->text) - 1);
        if (r->last_hidden_layer.hidden_states) {
            s->buf_kind = 1;
            s->buf_rows = r->last_hidden_layer.num_tokens;
            s->buf_cols = r->last_hidden_layer.embd_size;
            int n = s->buf_rows * s->buf_cols;
            memcpy(s->buffer, r->last_hidden_layer.hidden_states, (size_t)(n < 4096 ? n : 4096) * sizeof(float));
        }
        if (r->logits.logits) {
            s->buf_kind = 2;
            s->buf_rows = r->logits.num_tokens;
            s->buf_cols = r->logits.vocab_size;
            int n = s->buf_rows * s->buf_cols;
            memcpy(s->buffer, r->logits.logits, (size_t)(n < 4096 ? n : 4096) * sizeof(float));
        }
    } else if (state == RKLLM_RUN_WAITING) {
        s->waiting++;
        if (r->text == NULL || r->text[0] != '\0')
            s->bad_waiting_text++;
    } else {
        if (state == RKLLM_RUN_FINISH)
            s->finish++;
        else
            s->error++;
        s->perf = r->perf;
        pthread_cond_broadcast(&s->cv);
    }
    int ret = idx == s->pause_at ? 1 : 0;
    int abort_now = s->abort_after >= 0 && normal_now == s->abort_after;
    long linger_us = ret == 1 ? s->linger_us : 0;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
    if (abort_now)
        rkllm_abort(s->handle);
    if (linger_us > 0)
        nanosleep(&(struct timespec){ 0, linger_us * 1000L }, NULL);
    return ret;
}

/* Waits until pred(s) holds; 0 on timeout. */
static int sink_wait(sink* s, int (*pred)(const sink*), int timeout_ms)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += timeout_ms / 1000;
    dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&s->mu);
    int ok = 1;
    while (!pred(s) && ok)
        ok = pthread_cond_timedwait(&s->cv, &s->mu, &dl) == 0;
    ok = pred(s);
    pthread_mutex_unlock(&s->mu);
    return ok;
}

static int ended(const sink* s) { return s->finish + s->error > 0; }
static int three_tokens(const sink* s) { return s->normal >= 3; }
static int two_tokens(const sink* s) { return s->normal >= 2; }

/* ---- helpers ---- */

static char dir[64];

static const char* model(const char* name, const char* content)
{
    static char paths[16][128];
    static int n;
    char* p = paths[n++ % 16];
    snprintf(p, 128, "%s/%s", dir, name);
    FILE* f = fopen(p, "w");
    fputs(content, f);
    fclose(f);
    return p;
}

static int init_with(LLMHandle* h, sink* s, const char* path, int max_ctx, int max_new, int n_batch)
{
    RKLLMParam p = rkllm_createDefaultParam();
    p.model_path = path;
    p.max_context_len = max_ctx;
    p.max_new_tokens = max_new;
    p.extend_param.n_batch = (uint8_t)n_batch;
#if NANO_RKLLM_ABI >= 13
    RKLLMCallback cb;
    memset(&cb, 0, sizeof cb);
    cb.result_callback = on_result;
    cb.result_userdata = s;
    int rc = rkllm_init(h, &p, &cb);
#else
    (void)s;
    int rc = rkllm_init(h, &p, on_result);
#endif
    if (rc == 0)
        s->handle = *h;
    return rc;
}

static RKLLMInput prompt_input(const char* text)
{
    RKLLMInput in;
    memset(&in, 0, sizeof in);
    in.role = "user";
    in.input_type = RKLLM_INPUT_PROMPT;
    in.prompt_input = text;
    return in;
}

static RKLLMInferParam infer(int keep_history)
{
    RKLLMInferParam ip;
    memset(&ip, 0, sizeof ip);
    ip.mode = RKLLM_INFER_GENERATE;
    ip.keep_history = keep_history;
    return ip;
}

static int run_prompt(LLMHandle h, sink* s, const char* text, int keep_history)
{
    RKLLMInput in = prompt_input(text);
    RKLLMInferParam ip = infer(keep_history);
    return rkllm_run(h, &in, &ip, s);
}

static int kv0(LLMHandle h)
{
    int sizes[8] = { 0 };
    return rkllm_get_kv_cache_size(h, sizes) == 0 ? sizes[0] : -100;
}

static uint64_t fnv(uint64_t x, const void* data, size_t n)
{
    const unsigned char* p = data;
    for (size_t i = 0; i < n; i++) {
        x ^= p[i];
        x *= 0x100000001b3ULL;
    }
    return x;
}

/* ---- tests ---- */

static void test_defaults_and_version(void)
{
    RKLLMParam p = rkllm_createDefaultParam();
    CHECK(p.max_context_len == 4096 && p.max_new_tokens == 512 && p.top_k == 1);
    CHECK(p.top_p == 0.9f && p.temperature == 0.8f && p.repeat_penalty == 1.1f);
    CHECK(p.mirostat_tau == 5.0f && p.mirostat_eta == 0.1f && p.skip_special_token);
    CHECK(p.extend_param.embed_flash == 1 && p.extend_param.enabled_cpus_num == 4);
    CHECK(p.extend_param.enabled_cpus_mask == 0xF0 && p.extend_param.n_batch == 1);
    CHECK(nano_emu_abi() == NANO_RKLLM_ABI);
    CHECK(strcmp(nano_emu_version(), NANO_RKLLM_ABI >= 13 ? "1.3.0-nano-emulator" : "1.2.3-nano-emulator") == 0);
}

static void test_init(void)
{
    sink s;
    sink_init(&s);
    LLMHandle h = NULL;
    const char* plain = model("init.cfg", "");
    char missing[128];
    snprintf(missing, sizeof missing, "%s/missing.cfg", dir);
    CHECK(init_with(&h, &s, missing, 4096, 8, 1) == -1);
    CHECK(init_with(&h, &s, plain, 0, 8, 1) == -1);
    CHECK(init_with(&h, &s, plain, 4096, 8, 9) == -1);
    CHECK(init_with(NULL, &s, plain, 4096, 8, 1) == -1);
    RKLLMParam p = rkllm_createDefaultParam();
    p.model_path = plain;
#if NANO_RKLLM_ABI >= 13
    RKLLMCallback empty;
    memset(&empty, 0, sizeof empty);
    CHECK(rkllm_init(&h, &p, NULL) == -1);
    CHECK(rkllm_init(&h, &p, &empty) == -1);
#else
    CHECK(rkllm_init(&h, &p, NULL) == -1);
#endif

    /* the vendor-style banner goes to stderr */
    char log[128];
    snprintf(log, sizeof log, "%s/stderr.txt", dir);
    fflush(stderr);
    int saved = dup(2);
    FILE* f = freopen(log, "w", stderr);
    int rc = init_with(&h, &s, plain, 4096, 8, 0); /* n_batch 0 means 1 */
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    (void)f;
    CHECK(rc == 0);
    char line[256] = "";
    FILE* r = fopen(log, "r");
    CHECK(r && fgets(line, sizeof line, r));
    if (r)
        fclose(r);
    char want[256];
    snprintf(want, sizeof want,
             "I rkllm: rkllm-runtime version: %s, rknpu driver version: emulated, platform: EMULATOR\n",
             nano_emu_version());
    CHECK(strcmp(line, want) == 0);
    int sizes[8] = { -1, -1 };
    CHECK(rkllm_get_kv_cache_size(h, sizes) == 0 && sizes[0] == 0 && sizes[1] == -1);
    CHECK(rkllm_destroy(h) == 0);
    CHECK(rkllm_destroy(h) == -1); /* stale handle: refused, not a crash */
    CHECK(rkllm_destroy(NULL) == -1);
}

static void test_generate(void)
{
    sink s;
    sink_init(&s);
    LLMHandle h;
    CHECK(init_with(&h, &s, model("gen.cfg", "memory_mb=250\n# comment\nunknown=1\n"), 4096, 12, 1) == 0);
    CHECK(run_prompt(h, &s, "hello  world", 0) == 0);
    CHECK(s.on_caller == 0);
    CHECK(s.normal == 12 && s.waiting == 2 && s.finish == 1 && s.error == 0 && s.bad_waiting_text == 0);
    CHECK(s.calls == 15 && s.states[14] == RKLLM_RUN_FINISH);
    /* token 4 and 9 are the split "é": WAITING then NORMAL, id 1000 */
    CHECK(s.states[4] == RKLLM_RUN_WAITING && s.states[5] == RKLLM_RUN_NORMAL && s.ids[4] == 1000 && s.ids[5] == 1000);
    CHECK(s.states[10] == RKLLM_RUN_WAITING && s.ids[11] == 1000);
    CHECK(s.ids[0] >= 0 && s.ids[0] < 32);
    CHECK(strstr(s.text, E_ACUTE) != NULL);
    CHECK(s.perf.prefill_tokens == 2 && s.perf.generate_tokens == 12 && s.perf.memory_usage_mb == 250.0f);
    CHECK(s.perf.prefill_time_ms >= 0 && s.perf.generate_time_ms >= 0);
    CHECK(kv0(h) == 14);

    char first[16384];
    strcpy(first, s.text);
    sink_reset(&s);
    CHECK(run_prompt(h, &s, "hello  world", 0) == 0);
    CHECK(strcmp(first, s.text) == 0); /* deterministic */
    sink_reset(&s);
    CHECK(run_prompt(h, &s, "hello world!", 0) == 0);
    CHECK(strcmp(first, s.text) != 0); /* ... from the input bytes */

    /* async: returns at once, callbacks arrive on the worker */
    sink_reset(&s);
    RKLLMInput in = prompt_input("x");
    RKLLMInferParam ip = infer(0);
    CHECK(rkllm_run_async(h, &in, &ip, &s) == 0);
    CHECK(sink_wait(&s, ended, 5000));
    CHECK(s.finish == 1 && s.normal == 12 && s.on_caller == 0);
    CHECK(rkllm_is_running(h) == 0);
    CHECK(rkllm_destroy(h) == 0);
}

static void test_pause_resume(void)
{
    sink s;
    sink_init(&s);
    LLMHandle h;
    CHECK(init_with(&h, &s, model("pause.cfg", ""), 4096, 12, 1) == 0);
    CHECK(run_prompt(h, &s, "tell me", 0) == 0);
    char reference[16384];
    strcpy(reference, s.text);

    for (int at = 3; at <= 4; at++) { /* 3: after a word; 4: between the WAITING and NORMAL halves of "é" */
        char joined[16384];
        sink_reset(&s);
        s.pause_at = at;
        CHECK(run_prompt(h, &s, "tell me", 0) == 0);
        CHECK(s.finish == 0 && s.error == 0 && s.calls == at + 1);
        CHECK(rkllm_is_running(h) == 0);
        strcpy(joined, s.text);
        sink_reset(&s);
        CHECK(run_prompt(h, &s, "ok", 0) == 0); /* resumes the paused sequence */
        CHECK(s.finish == 1);
        CHECK(s.perf.generate_tokens == 8); /* tokens 4..11; a half-delivered token counts on resume */
        strcat(joined, s.text);
        CHECK(strcmp(joined, reference) == 0);
        if (at == 4)
            CHECK(s.states[0] == RKLLM_RUN_NORMAL && s.ids[0] == 1000);
    }

    /* async: a run issued the instant the pausing callback has decided must resume, not race the worker */
    for (int round = 0; round < 20; round++) {
        char joined[16384];
        sink_reset(&s);
        s.pause_at = 2;
        s.linger_us = 2000;
        RKLLMInput in = prompt_input("tell me");
        RKLLMInferParam ip = infer(0);
        CHECK(rkllm_run_async(h, &in, &ip, &s) == 0);
        CHECK(sink_wait(&s, three_tokens, 5000));
        strcpy(joined, s.text);
        sink_reset(&s);
        int rc = run_prompt(h, &s, "ok", 0);
        CHECK(rc == 0 && s.finish == 1);
        strcat(joined, s.text);
        CHECK(strcmp(joined, reference) == 0);
        if (rc != 0)
            break;
    }

    /* ranges: only while paused with keep_history == 0 */
    int start[1] = { 0 }, end[1] = { 2 };
    CHECK(rkllm_clear_kv_cache(h, 0, start, end) == -1);
    sink_reset(&s);
    s.pause_at = 2;
    CHECK(run_prompt(h, &s, "tell me", 0) == 0);
    int before = kv0(h);
    CHECK(before == 2 + 3);
    CHECK(rkllm_clear_kv_cache(h, 0, start, NULL) == -1);
    CHECK(rkllm_clear_kv_cache(h, 0, start, end) == 0);
    CHECK(kv0(h) == before - 2);
    CHECK(rkllm_abort(h) == 0); /* abort while paused forgets the continuation */
    sink_reset(&s);
    CHECK(run_prompt(h, &s, "tell me", 0) == 0);
    CHECK(strcmp(s.text, reference) == 0);
    CHECK(rkllm_destroy(h) == 0);
}

static void test_abort(void)
{
    sink s;
    sink_init(&s);
    LLMHandle h;
    CHECK(init_with(&h, &s, model("slow.cfg", "token_delay_us=20000\n"), 4096, 200, 1) == 0);
    CHECK(rkllm_abort(h) == 0); /* idle */
    CHECK(rkllm_is_running(h) == 0);
    RKLLMInput in = prompt_input("long story");
    RKLLMInferParam ip = infer(0);
    CHECK(rkllm_run_async(h, &in, &ip, &s) == 0);
    CHECK(sink_wait(&s, three_tokens, 5000));
    CHECK(rkllm_is_running(h) == 1);
    sink s2;
    sink_init(&s2);
    CHECK(rkllm_run_async(h, &in, &ip, &s2) == -1); /* n_batch 1: one more is refused */
    CHECK(rkllm_run(h, &in, &ip, &s2) == -1);
    CHECK(s2.calls == 0);
    CHECK(rkllm_abort(h) == 0);
    CHECK(sink_wait(&s, ended, 5000));
    CHECK(s.finish == 1 && s.error == 0 && s.normal < 200);
    CHECK(s.perf.generate_tokens >= 3 && s.perf.generate_tokens < 200);
    CHECK(rkllm_is_running(h) == 0);

    /* sync run aborted from inside its own callback (the worker thread) */
    sink_reset(&s);
    s.abort_after = 5;
    CHECK(rkllm_run(h, &in, &ip, &s) == 0);
    CHECK(s.finish == 1 && s.normal == 5);

    /* destroy while running: aborts, joins, FINISH delivered */
    sink_reset(&s);
    CHECK(rkllm_run_async(h, &in, &ip, &s) == 0);
    CHECK(sink_wait(&s, three_tokens, 5000));
    CHECK(rkllm_destroy(h) == 0);
    CHECK(s.finish == 1);
}

static void test_batch(void)
{
    sink a, b, c;
    sink_init(&a);
    sink_init(&b);
    sink_init(&c);
    LLMHandle h;
    CHECK(init_with(&h, &a, model("batch.cfg", "token_delay_us=10000\n"), 4096, 500, 2) == 0);
    RKLLMInput in = prompt_input("one two three");
    RKLLMInferParam ip = infer(0);
    CHECK(rkllm_run_async(h, &in, &ip, &a) == 0);
    CHECK(rkllm_run_async(h, &in, &ip, &b) == 0);
    CHECK(rkllm_run_async(h, &in, &ip, &c) == -1);
    CHECK(sink_wait(&a, three_tokens, 5000) && sink_wait(&b, three_tokens, 5000));
    CHECK(rkllm_abort(h) == 0);
    CHECK(sink_wait(&a, ended, 5000) && sink_wait(&b, ended, 5000));
    int sizes[2];
    CHECK(rkllm_get_kv_cache_size(h, sizes) == 0 && sizes[0] >= 6 && sizes[1] >= 6);
    CHECK(c.calls == 0);
    CHECK(rkllm_destroy(h) == 0);
}

static void test_kv(void)
{
    sink s;
    sink_init(&s);
    LLMHandle h;
    CHECK(init_with(&h, &s, model("kv.cfg", ""), 64, 10, 1) == 0);
    CHECK(run_prompt(h, &s, "a b c", 0) == 0 && kv0(h) == 13);
    CHECK(run_prompt(h, &s, "a b c", 0) == 0 && kv0(h) == 13);
    CHECK(run_prompt(h, &s, "a b c", 1) == 0 && kv0(h) == 26);
    CHECK(run_prompt(h, &s, "a b c", 1) == 0 && kv0(h) == 39);
    CHECK(run_prompt(h, &s, "a b c", 1) == 0 && kv0(h) == 52);
    sink_reset(&s);
    CHECK(run_prompt(h, &s, "a b c", 1) == -1); /* 52 + 3 + 10 > 64 */
    CHECK(s.error == 1 && s.finish == 0 && s.states[s.calls - 1] == RKLLM_RUN_ERROR);
    CHECK(rkllm_set_chat_template(h, "you are terse", "<u>", "</u>") == 0);
    CHECK(rkllm_clear_kv_cache(h, 1, NULL, NULL) == 0 && kv0(h) == 3);
    CHECK(rkllm_clear_kv_cache(h, 0, NULL, NULL) == 0 && kv0(h) == 0);
    CHECK(rkllm_destroy(h) == 0);
}

static void test_modes(void)
{
    sink s;
    sink_init(&s);
    LLMHandle h;
    CHECK(init_with(&h, &s, model("modes.cfg", "embd_size=8\nvocab_size=50\n"), 4096, 12, 1) == 0);
    const char* text = "one two three";
    uint64_t seed = fnv(0xcbf29ce484222325ULL, text, strlen(text));
    float base = (float)(seed % 1024);
    RKLLMInput in = prompt_input(text);
    RKLLMInferParam ip = infer(0);
    ip.mode = RKLLM_INFER_GET_LAST_HIDDEN_LAYER;
    CHECK(rkllm_run(h, &in, &ip, &s) == 0);
    CHECK(s.buf_kind == 1 && s.buf_rows == 3 && s.buf_cols == 8 && s.normal == 1 && s.finish == 1);
    int ok = 1;
    for (int i = 0; i < 24; i++)
        ok &= fabsf(s.buffer[i] - sinf(base + (float)i)) < 1e-6f;
    CHECK(ok);
    CHECK(s.perf.prefill_tokens == 3 && s.perf.generate_tokens == 0);

    sink_reset(&s);
    ip.mode = RKLLM_INFER_GET_LOGITS;
    CHECK(rkllm_run(h, &in, &ip, &s) == 0);
    CHECK(s.buf_kind == 2 && s.buf_rows == 1 && s.buf_cols == 50 && s.finish == 1);
    ok = 1;
    for (int i = 0; i < 50; i++)
        ok &= fabsf(s.buffer[i] - cosf(base + (float)i)) < 1e-6f;
    CHECK(ok);
    ip.mode = (RKLLMInferMode)7;
    CHECK(rkllm_run(h, &in, &ip, &s) == -1);
    CHECK(rkllm_destroy(h) == 0);
}

static void test_lora_and_prompt_cache(void)
{
    sink s;
    sink_init(&s);
    LLMHandle h;
    const char* path = model("lora.cfg", "");
    CHECK(init_with(&h, &s, path, 4096, 12, 1) == 0);
    CHECK(run_prompt(h, &s, "same words", 0) == 0);
    char base[16384];
    strcpy(base, s.text);

    RKLLMLoraParam lp = { .lora_adapter_name = "style" };
    RKLLMInput in = prompt_input("same words");
    RKLLMInferParam ip = infer(0);
    ip.lora_params = &lp;
    sink_reset(&s);
    CHECK(rkllm_run(h, &in, &ip, &s) == -1 && s.calls == 0); /* not loaded */
    char missing[128];
    snprintf(missing, sizeof missing, "%s/nope.bin", dir);
    RKLLMLoraAdapter bad = { missing, "style", 1.0f };
    RKLLMLoraAdapter noname = { path, NULL, 1.0f };
    RKLLMLoraAdapter good = { path, "style", 1.0f };
    CHECK(rkllm_load_lora(h, &bad) == -1 && rkllm_load_lora(h, &noname) == -1 && rkllm_load_lora(h, NULL) == -1);
    CHECK(rkllm_load_lora(h, &good) == 0);
    CHECK(rkllm_run(h, &in, &ip, &s) == 0 && s.finish == 1);
    CHECK(strcmp(base, s.text) != 0); /* the adapter name changes the stream */
    char names[8][8];
    int loaded = 1, ninth = 0;
    for (int i = 0; i < 8; i++) {
        snprintf(names[i], sizeof names[i], "l%d", i);
        RKLLMLoraAdapter a = { path, names[i], 1.0f };
        int rc = rkllm_load_lora(h, &a);
        if (rc == 0)
            loaded++;
        else
            ninth = 1;
    }
    CHECK(loaded == 8 && ninth);

    CHECK(rkllm_load_prompt_cache(h, missing) == -1);
    CHECK(rkllm_release_prompt_cache(h) == -1);
    char cache[128];
    snprintf(cache, sizeof cache, "%s/cache.bin", dir);
    RKLLMPromptCacheParam pc = { 1, "/nonexistent-dir/cache.bin" };
    RKLLMInferParam save = infer(0);
    save.prompt_cache_params = &pc;
    sink_reset(&s);
    CHECK(rkllm_run(h, &in, &save, &s) == -1 && s.calls == 0);
    pc.prompt_cache_path = cache;
    CHECK(rkllm_run(h, &in, &save, &s) == 0 && s.finish == 1);
    struct stat st;
    CHECK(stat(cache, &st) == 0 && st.st_size > 0);
    CHECK(rkllm_load_prompt_cache(h, cache) == 0);
    CHECK(rkllm_release_prompt_cache(h) == 0);
    CHECK(rkllm_release_prompt_cache(h) == -1);
    CHECK(rkllm_destroy(h) == 0);
}

static void test_bad_arguments(void)
{
    RKLLMInput in = prompt_input("x");
    RKLLMInferParam ip = infer(0);
    int sizes[8];
    RKLLMLoraAdapter a = { "x", "y", 1.0f };
    CHECK(rkllm_run(NULL, &in, &ip, NULL) == -1 && rkllm_run_async(NULL, &in, &ip, NULL) == -1);
    CHECK(rkllm_abort(NULL) == -1 && rkllm_is_running(NULL) == -1 && rkllm_destroy(NULL) == -1);
    CHECK(rkllm_load_lora(NULL, &a) == -1 && rkllm_load_prompt_cache(NULL, "x") == -1);
    CHECK(rkllm_release_prompt_cache(NULL) == -1 && rkllm_clear_kv_cache(NULL, 0, NULL, NULL) == -1);
    CHECK(rkllm_get_kv_cache_size(NULL, sizes) == -1 && rkllm_set_chat_template(NULL, "", "", "") == -1);
    CHECK(rkllm_set_function_tools(NULL, "", "", "") == -1 && rkllm_set_cross_attn_params(NULL, NULL) == -1);

    sink s;
    sink_init(&s);
    LLMHandle h;
    CHECK(init_with(&h, &s, model("bad.cfg", ""), 4096, 4, 1) == 0);
    CHECK(rkllm_run(h, NULL, &ip, &s) == -1 && rkllm_run(h, &in, NULL, &s) == -1);
    RKLLMInput odd = in;
    odd.input_type = (RKLLMInputType)9;
    CHECK(rkllm_run(h, &odd, &ip, &s) == -1);
    odd = prompt_input(NULL);
    CHECK(rkllm_run_async(h, &odd, &ip, &s) == -1);
    RKLLMInput tokens;
    memset(&tokens, 0, sizeof tokens);
    tokens.input_type = RKLLM_INPUT_TOKEN;
    CHECK(rkllm_run(h, &tokens, &ip, &s) == -1);
    CHECK(s.calls == 0);
    CHECK(rkllm_get_kv_cache_size(h, NULL) == -1);
    CHECK(rkllm_set_chat_template(h, NULL, "", "") == -1 && rkllm_set_function_tools(h, "", NULL, "") == -1);
    CHECK(rkllm_set_function_tools(h, "sys", "[]", "<tool>") == 0);
    float k[4] = { 0 }, m[2] = { 0 };
    int32_t pos[2] = { 0, 1 };
    RKLLMCrossAttnParam cp = { k, k, m, pos, 2 };
    CHECK(rkllm_set_cross_attn_params(h, &cp) == 0);
    cp.num_tokens = 0;
    CHECK(rkllm_set_cross_attn_params(h, &cp) == -1 && rkllm_set_cross_attn_params(h, NULL) == -1);
    cp.num_tokens = 2;
    cp.encoder_pos = NULL;
    CHECK(rkllm_set_cross_attn_params(h, &cp) == -1);
    CHECK(rkllm_destroy(h) == 0);
}

#if NANO_RKLLM_ABI >= 13
static int tokenizer_calls, tokenizer_result = 7, embed_calls, embed_result;
static uint64_t embed_len;

static int fake_tokenizer(void* ud, const char* text, int32_t len, int32_t* tokens, int32_t max)
{
    (void)ud;
    (void)text;
    tokenizer_calls++;
    if (len <= 0 || max != 4096)
        return -5;
    for (int i = 0; i < tokenizer_result && i < max; i++)
        tokens[i] = i;
    return tokenizer_result;
}

static int fake_embed(void* ud, int32_t* tokens, uint64_t n, void* embed, uint64_t len)
{
    (void)ud;
    (void)tokens;
    (void)n;
    embed_calls++;
    embed_len = len;
    memset(embed, 0, len);
    return embed_result;
}

static void test_v13_callbacks(void)
{
    sink s;
    sink_init(&s);
    LLMHandle h;
    RKLLMParam p = rkllm_createDefaultParam();
    p.model_path = model("v13.cfg", "");
    p.max_new_tokens = 12;
    RKLLMCallback cb;
    memset(&cb, 0, sizeof cb);
    cb.result_callback = on_result;
    cb.result_userdata = &s;
    cb.tokenizer_callback = fake_tokenizer;
    cb.embed_callback = fake_embed;
    CHECK(rkllm_init(&h, &p, &cb) == 0);

    RKLLMInput in = prompt_input("two words");
    RKLLMInferParam ip = infer(0);
    ip.max_new_tokens = 3; /* per-run override */
    CHECK(rkllm_run(h, &in, &ip, NULL) == 0); /* NULL userdata: result_userdata is used */
    CHECK(s.finish == 1 && s.normal == 3 && s.perf.prefill_tokens == 7 && tokenizer_calls == 1);

    sink_reset(&s);
    tokenizer_result = -1;
    CHECK(rkllm_run(h, &in, &ip, NULL) == -1 && s.error == 1 && s.normal == 0);

    int32_t ids[3] = { 5, 6, 7 };
    RKLLMInput tin;
    memset(&tin, 0, sizeof tin);
    tin.input_type = RKLLM_INPUT_TOKEN;
    tin.token_input.input_ids = ids;
    tin.token_input.n_tokens = 3;
    sink_reset(&s);
    CHECK(rkllm_run(h, &tin, &ip, &s) == 0 && s.finish == 1 && s.perf.prefill_tokens == 3);
    CHECK(embed_calls == 1 && embed_len == 3 * 16 * 4);
    sink_reset(&s);
    embed_result = 1;
    CHECK(rkllm_run(h, &tin, &ip, &s) == -1 && s.error == 1);
    CHECK(rkllm_destroy(h) == 0);
}
#endif

/* Resident set of this process in KiB (VmRSS of /proc/self/status), -1 if unreadable. */
static long rss_kb(void)
{
    FILE* f = fopen("/proc/self/status", "r");
    if (f == NULL)
        return -1;
    char line[256];
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
            break;
    fclose(f);
    return kb;
}

/* leak_kb_per_token keeps a resident block per token until destroy (which frees them: the sanitizers stay quiet). */
static void test_leak(void)
{
    sink s;
    sink_init(&s);
    LLMHandle h;
    CHECK(init_with(&h, &s, model("leak.cfg", "leak_kb_per_token=1024\n"), 4096, 16, 1) == 0);
    long before = rss_kb();
    CHECK(run_prompt(h, &s, "grow", 0) == 0 && s.normal == 16 && s.finish == 1);
    long after = rss_kb();
    CHECK(before > 0 && after - before >= 12 * 1024); /* 16 MiB written; allow for allocator slack */
    CHECK(rkllm_destroy(h) == 0);
}

/* crash_after_tokens raises a real SIGSEGV on the worker; hang_after_tokens ignores abort. Forked children. */
static void test_crash_and_hang(void)
{
    pid_t pid;
    int status = 0;
#if !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__) /* sanitizers turn the fault into their own report */
    const char* crash = model("crash.cfg", "crash_after_tokens=3\n");
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        sink s;
        sink_init(&s);
        LLMHandle h;
        if (init_with(&h, &s, crash, 4096, 10, 1) != 0)
            _exit(3);
        run_prompt(h, &s, "boom", 0);
        _exit(4);
    }
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
#endif

    const char* hang = model("hang.cfg", "hang_after_tokens=2\n");
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        sink s;
        sink_init(&s);
        LLMHandle h;
        if (init_with(&h, &s, hang, 4096, 10, 1) != 0)
            _exit(3);
        RKLLMInput in = prompt_input("stuck");
        RKLLMInferParam ip = infer(0);
        if (rkllm_run_async(h, &in, &ip, &s) != 0 || !sink_wait(&s, two_tokens, 5000))
            _exit(5);
        rkllm_abort(h);
        if (sink_wait(&s, ended, 300)) /* an abort must not get through */
            _exit(6);
        _exit(rkllm_is_running(h) == 1 && s.normal == 2 ? 42 : 7);
    }
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/emu_smoke.XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    test_crash_and_hang(); /* first: fork before this process starts threads */
    test_defaults_and_version();
    test_init();
    test_generate();
    test_pause_resume();
    test_abort();
    test_batch();
    test_kv();
    test_modes();
    test_lora_and_prompt_cache();
    test_bad_arguments();
    test_leak();
#if NANO_RKLLM_ABI >= 13
    test_v13_callbacks();
#endif
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    if (failures) {
        fprintf(stderr, "emu_smoke v%d: %d FAILED\n", NANO_RKLLM_ABI, failures);
        return 1;
    }
    printf("emu_smoke v%d (%s): all checks passed\n", NANO_RKLLM_ABI, nano_emu_version());
    return 0;
}
