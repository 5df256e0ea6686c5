/*
 * The worker thread: every result callback runs here, never on the caller's thread. Prefill, then either
 * the token stream (GENERATE) or one buffer callback (hidden layer / logits), then exactly one FINISH or
 * ERROR - unless the callback paused the run, which ends it silently and leaves a continuation in the slot.
 */
#include "emu.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { OUT_FINISH, OUT_ERROR, OUT_PAUSED };

typedef struct {
    emu_job* j;
    emu_handle* h;
    emu_slot* s;
    RKLLMPerfStat perf;
    double t_start, t_generate;
    int prompt;     /* prompt tokens of this run */
    int emitted;    /* tokens completed by this run */
} run_ctx;

static _Thread_local const emu_handle* tls_worker;

int emu_on_worker_of(const emu_handle* h)
{
    return tls_worker == h;
}

static _Noreturn void scripted_crash(void)
{
    int* volatile p = NULL; /* volatile pointer: the compiler cannot turn this into a trap (SIGILL) */
    *p = 1;                 /* a real fault, as a buggy vendor library would produce */
    raise(SIGSEGV);
    abort();
}

static _Noreturn void scripted_hang(void)
{
    for (;;)
        sleep(3600); /* ignores abort and destroy, like a wedged NPU job */
}

/*
 * leak_kb_per_token: a block per generated token, every page written (so it is resident, not just reserved) and
 * kept on the handle until rkllm_destroy, like a runtime that leaks while it lives. A failed allocation is
 * skipped: the point is memory growth, not an allocation failure path.
 */
static void scripted_leak(emu_handle* h)
{
    size_t bytes = (size_t)h->cfg.leak_kb_per_token * 1024;
    if (bytes < sizeof(void*))
        return;
    void* block = malloc(bytes);
    if (block == NULL)
        return;
    memset(block, 0xA5, bytes);
    pthread_mutex_lock(&h->mu);
    *(void**)block = h->leaked;
    h->leaked = block;
    pthread_mutex_unlock(&h->mu);
}

/* Sleeps up to us microseconds, cut short by abort. Returns 1 if the slot was aborted. */
static int wait_aborted(run_ctx* c, long us)
{
    pthread_mutex_lock(&c->h->mu);
    if (us > 0 && !c->s->abort) {
        struct timespec dl;
        clock_gettime(CLOCK_MONOTONIC, &dl);
        dl.tv_sec += us / 1000000;
        dl.tv_nsec += (us % 1000000) * 1000;
        if (dl.tv_nsec >= 1000000000) {
            dl.tv_sec++;
            dl.tv_nsec -= 1000000000;
        }
        while (!c->s->abort && pthread_cond_timedwait(&c->h->cv, &c->h->mu, &dl) != ETIMEDOUT) {
        }
    }
    int aborted = c->s->abort;
    pthread_mutex_unlock(&c->h->mu);
    return aborted;
}

static int kv_reserve(run_ctx* c, int n)
{
    pthread_mutex_lock(&c->h->mu);
    int ok = c->s->kv_size + n <= c->h->max_context_len;
    if (ok)
        c->s->kv_size += n;
    pthread_mutex_unlock(&c->h->mu);
    return ok ? 0 : -1;
}

/* Frees the slot (before the final callback, so is_running is already 0 when FINISH arrives). */
static void release_slot_locked(run_ctx* c, int outcome)
{
    emu_slot* s = c->s;
    s->running = 0;
    s->abort = 0;
    s->in_callback = 0;
    s->paused = outcome == OUT_PAUSED;
    if (s->paused)
        s->pause = c->j->pause;
    if (c->j->is_async) {
        s->async_unjoined = 1;
        s->async_thread = pthread_self();
    }
    c->h->active--;
    pthread_cond_broadcast(&c->h->cv);
}

/* One streaming callback. Returns 1 if it paused the run (the slot is then already released). */
static int deliver(run_ctx* c, LLMCallState state, RKLLMResult* r, int pausable)
{
    pthread_mutex_lock(&c->h->mu);
    c->s->in_callback = 1;
    pthread_mutex_unlock(&c->h->mu);

    int ret = c->h->result_cb(r, c->j->userdata, state);

    pthread_mutex_lock(&c->h->mu);
    c->s->in_callback = 0;
    c->s->cb_seq++;
    int paused = pausable && ret == 1 && !c->s->abort; /* an abort that raced the pause wins */
    if (paused)
        release_slot_locked(c, OUT_PAUSED);
    pthread_cond_broadcast(&c->h->cv);
    pthread_mutex_unlock(&c->h->mu);
    return paused;
}

/* Text lives in a heap copy scrubbed after the callback: a binding that keeps the pointer reads "". */
static int deliver_text(run_ctx* c, LLMCallState state, const char* text, int32_t token_id)
{
    size_t n = strlen(text) + 1;
    char* copy = malloc(n);
    if (copy != NULL)
        memcpy(copy, text, n);
    RKLLMResult r;
    memset(&r, 0, sizeof r);
    r.text = copy != NULL ? copy : text;
    r.token_id = token_id;
    int paused = deliver(c, state, &r, 1);
    if (copy != NULL) {
        memset(copy, 0, n);
        free(copy);
    }
    return paused;
}

static void deliver_final(run_ctx* c, int outcome)
{
    double now = emu_now_ms();
    if (c->t_generate == 0)
        c->t_generate = now;
    c->perf.prefill_time_ms = (float)(c->t_generate - c->t_start);
    c->perf.generate_time_ms = (float)(now - c->t_generate);
    c->perf.generate_tokens = c->emitted;
    pthread_mutex_lock(&c->h->mu);
    release_slot_locked(c, outcome);
    pthread_mutex_unlock(&c->h->mu);
    RKLLMResult r;
    memset(&r, 0, sizeof r);
    r.text = NULL;
    r.token_id = -1;
    r.perf = c->perf;
    c->h->result_cb(&r, c->j->userdata, outcome == OUT_ERROR ? RKLLM_RUN_ERROR : RKLLM_RUN_FINISH);
}

/* Returns 0, 1 if aborted, -1 on error. */
static int prefill(run_ctx* c)
{
    emu_job* j = c->j;
    int prompt = j->prompt_tokens;
#if NANO_RKLLM_ABI >= 13
    emu_handle* h = c->h;
    if (j->tokenizer_text != NULL) {
        int32_t* ids = calloc(EMU_TOKENIZER_MAX, sizeof *ids);
        if (ids == NULL)
            return -1;
        int n = h->tokenizer_cb(h->tokenizer_ud, j->tokenizer_text, (int32_t)strlen(j->tokenizer_text), ids,
                                EMU_TOKENIZER_MAX);
        free(ids);
        if (n < 0 || n > EMU_TOKENIZER_MAX)
            return -1;
        prompt = n + j->extra_tokens;
    }
    if (j->embed_ids != NULL) {
        uint64_t len = (uint64_t)j->n_embed_ids * (uint64_t)h->cfg.embd_size * sizeof(float);
        void* embed = calloc(len, 1);
        if (embed == NULL)
            return -1;
        int rc = h->embed_cb(h->embed_ud, j->embed_ids, j->n_embed_ids, embed, len);
        free(embed);
        if (rc != 0)
            return -1;
    }
#endif
    c->prompt = prompt;
    c->perf.prefill_tokens = prompt;
    if (wait_aborted(c, c->h->cfg.prefill_delay_us))
        return 1;
    pthread_mutex_lock(&c->h->mu);
    if (!j->resume && !j->keep_history)
        c->s->kv_size = 0;
    pthread_mutex_unlock(&c->h->mu);
    return kv_reserve(c, prompt);
}

static int generate(run_ctx* c)
{
    emu_job* j = c->j;
    const emu_config* cfg = &c->h->cfg;
    emu_pause p = j->pause;
    if (!j->resume) {
        int total = j->max_new;
        if (total <= 0) { /* no limit: run to the end of the context */
            pthread_mutex_lock(&c->h->mu);
            total = c->h->max_context_len - c->s->kv_size;
            pthread_mutex_unlock(&c->h->mu);
        }
        p = (emu_pause){ .seed = j->seed, .next_index = 0, .total = total, .tail_pending = 0,
                         .keep_history = j->keep_history };
    }
    while (p.next_index < p.total) {
        int tok = emu_token_at(p.seed, p.next_index);
        if (!p.tail_pending) {
            if (cfg->crash_after_tokens >= 0 && c->emitted >= cfg->crash_after_tokens)
                scripted_crash();
            if (cfg->hang_after_tokens >= 0 && c->emitted >= cfg->hang_after_tokens)
                scripted_hang();
            if (wait_aborted(c, cfg->token_delay_us))
                return OUT_FINISH;
            if (kv_reserve(c, 1) != 0)
                return OUT_ERROR;
            if (tok == EMU_TOKEN_UTF8) { /* first byte of a 2-byte character: no text yet */
                p.tail_pending = 1;
                j->pause = p;
                if (deliver_text(c, RKLLM_RUN_WAITING, "", tok))
                    return OUT_PAUSED;
            }
        }
        p.tail_pending = 0;
        p.next_index++;
        c->emitted++;
        if (cfg->leak_kb_per_token > 0)
            scripted_leak(c->h);
        j->pause = p;
        if (deliver_text(c, RKLLM_RUN_NORMAL, tok == EMU_TOKEN_UTF8 ? "\xc3\xa9" : emu_word(tok), tok))
            return OUT_PAUSED;
    }
    return OUT_FINISH;
}

/* Hidden layer / logits: one callback with a heap buffer, NaN-poisoned and freed right after it returns. */
static int dump_buffer(run_ctx* c)
{
    int logits = c->j->mode == RKLLM_INFER_GET_LOGITS;
    int rows = logits ? 1 : c->prompt;
    int cols = logits ? c->h->cfg.vocab_size : c->h->cfg.embd_size;
    size_t n = (size_t)rows * (size_t)cols;
    float* buf = malloc((n > 0 ? n : 1) * sizeof *buf);
    if (buf == NULL)
        return OUT_ERROR;
    float base = emu_seed_mod(c->j->seed);
    for (size_t i = 0; i < n; i++)
        buf[i] = logits ? cosf(base + (float)i) : sinf(base + (float)i);
    RKLLMResult r;
    memset(&r, 0, sizeof r);
    r.text = NULL;
    r.token_id = -1;
    if (logits)
        r.logits = (RKLLMResultLogits){ .logits = buf, .vocab_size = cols, .num_tokens = rows };
    else
        r.last_hidden_layer = (RKLLMResultLastHiddenLayer){ .hidden_states = buf, .embd_size = cols, .num_tokens = rows };
    deliver(c, RKLLM_RUN_NORMAL, &r, 0);
    for (size_t i = 0; i < n; i++)
        buf[i] = NAN;
    free(buf);
    return OUT_FINISH;
}

void* emu_worker_main(void* arg)
{
    run_ctx c;
    memset(&c, 0, sizeof c);
    c.j = arg;
    c.h = c.j->h;
    c.s = &c.h->slots[c.j->slot];
    c.t_start = emu_now_ms();
    c.perf.memory_usage_mb = c.h->cfg.memory_mb;
    tls_worker = c.h;

    int outcome;
    int pre = prefill(&c);
    if (pre != 0) {
        outcome = pre > 0 ? OUT_FINISH : OUT_ERROR;
    } else {
        c.t_generate = emu_now_ms();
        outcome = c.j->mode == RKLLM_INFER_GENERATE ? generate(&c) : dump_buffer(&c);
    }
    c.j->status = outcome == OUT_ERROR ? -1 : 0;
    if (outcome != OUT_PAUSED)
        deliver_final(&c, outcome);
    tls_worker = NULL;
    if (c.j->is_async) {
        emu_job_free(c.j);
        free(c.j);
    }
    return NULL;
}
