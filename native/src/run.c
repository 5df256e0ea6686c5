/* rkllm_run / rkllm_run_async / rkllm_abort / rkllm_is_running: slot bookkeeping around the worker thread. */
#include "emu.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

double emu_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Running workers stop before their next token; a paused generation is forgotten. */
void emu_abort_all_locked(emu_handle* h)
{
    for (int i = 0; i < EMU_MAX_BATCH; i++) {
        if (h->slots[i].running)
            h->slots[i].abort = 1;
        else
            h->slots[i].paused = 0;
    }
    pthread_cond_broadcast(&h->cv);
}

static int find_slot_locked(const emu_handle* h)
{
    for (int i = 0; i < h->n_batch; i++)
        if (h->slots[i].paused && !h->slots[i].running)
            return i;
    for (int i = 0; i < h->n_batch; i++)
        if (!h->slots[i].running)
            return i;
    return -1;
}

/*
 * All slots busy, but a worker is inside a result callback that may answer "pause" and free its slot:
 * wait for the callbacks in flight right now to return (at most 200 ms), so a run issued the moment an
 * async callback returned 1 resumes instead of racing the worker. A worker of this handle never waits.
 */
static void settle_callbacks_locked(emu_handle* h)
{
    unsigned seq[EMU_MAX_BATCH];
    int watched[EMU_MAX_BATCH] = { 0 }, any = 0;
    for (int i = 0; i < h->n_batch; i++) {
        if (h->slots[i].running && h->slots[i].in_callback) {
            watched[i] = any = 1;
            seq[i] = h->slots[i].cb_seq;
        }
    }
    if (!any || emu_on_worker_of(h))
        return;
    struct timespec dl;
    clock_gettime(CLOCK_MONOTONIC, &dl);
    dl.tv_nsec += 200 * 1000000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    for (;;) {
        int pending = 0;
        for (int i = 0; i < h->n_batch; i++)
            if (watched[i] && h->slots[i].running && h->slots[i].cb_seq == seq[i])
                pending = 1;
        if (!pending || pthread_cond_timedwait(&h->cv, &h->mu, &dl) == ETIMEDOUT)
            return;
    }
}

/*
 * A paused slot is taken first (the run resumes it), else the lowest free one; none free -> -1.
 * A finished async worker still parked in the slot is handed back in *to_join, to be joined outside the lock.
 */
static int claim_slot_locked(emu_handle* h, emu_job* job, pthread_t* to_join, int* must_join)
{
    *must_join = 0;
    if (h->destroying)
        return -1;
    int idx = find_slot_locked(h);
    if (idx < 0) {
        settle_callbacks_locked(h);
        if (h->destroying || (idx = find_slot_locked(h)) < 0)
            return -1;
    }
    emu_slot* s = &h->slots[idx];
    if (s->async_unjoined) {
        *to_join = s->async_thread;
        *must_join = 1;
        s->async_unjoined = 0;
    }
    if (s->paused) {
        job->resume = 1;
        job->pause = s->pause;
        job->mode = RKLLM_INFER_GENERATE; /* a resumed run continues the paused generation */
        job->keep_history = s->pause.keep_history;
        s->paused = 0;
    }
    s->running = 1;
    s->abort = 0;
    h->active++;
    job->slot = idx;
    return 0;
}

/* The previous worker may still be returning from its final callback; if that is us, let it go instead. */
static void reap(pthread_t t)
{
    if (pthread_equal(t, pthread_self()))
        pthread_detach(t);
    else
        pthread_join(t, NULL);
}

static void unclaim_slot(emu_handle* h, emu_job* job)
{
    pthread_mutex_lock(&h->mu);
    emu_slot* s = &h->slots[job->slot];
    s->running = 0;
    if (job->resume) {
        s->paused = 1;
        s->pause = job->pause;
    }
    h->active--;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

/* Written on the caller's thread so an unwritable path fails the call itself, before any callback. */
static int save_prompt_cache(const emu_job* job)
{
    FILE* f = fopen(job->save_cache_path, "wb");
    if (f == NULL)
        return -1;
    int ok = fprintf(f, "nano-emu-prompt-cache 1\nabi=%d\nseed=%llu\nprompt_tokens=%d\n", NANO_RKLLM_ABI,
                     (unsigned long long)job->seed, job->prompt_tokens) > 0;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

static int start(LLMHandle handle, RKLLMInput* input, RKLLMInferParam* params, void* userdata, int is_async)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    emu_job* job = malloc(sizeof *job);
    if (job == NULL || emu_job_prepare(h, input, params, userdata, job) != 0) {
        free(job);
        emu_release(h);
        return -1;
    }
    job->is_async = is_async;
    pthread_t previous, t;
    int must_join;
    pthread_mutex_lock(&h->mu);
    int claimed = claim_slot_locked(h, job, &previous, &must_join);
    pthread_mutex_unlock(&h->mu);
    if (claimed == 0 && must_join)
        reap(previous);
    if (claimed != 0 || (job->save_cache_path != NULL && save_prompt_cache(job) != 0) ||
        pthread_create(&t, NULL, emu_worker_main, job) != 0) {
        if (claimed == 0)
            unclaim_slot(h, job);
        emu_job_free(job);
        free(job);
        emu_release(h);
        return -1;
    }
    if (is_async) { /* the worker owns the job now and is joined later (slot reuse or destroy) */
        emu_release(h);
        return 0;
    }
    pthread_join(t, NULL);
    int status = job->status;
    emu_job_free(job);
    free(job);
    emu_release(h);
    return status;
}

EMU_EXPORT int rkllm_run(LLMHandle handle, RKLLMInput* rkllm_input, RKLLMInferParam* rkllm_infer_params, void* userdata)
{
    return start(handle, rkllm_input, rkllm_infer_params, userdata, 0);
}

EMU_EXPORT int rkllm_run_async(LLMHandle handle, RKLLMInput* rkllm_input, RKLLMInferParam* rkllm_infer_params, void* userdata)
{
    return start(handle, rkllm_input, rkllm_infer_params, userdata, 1);
}

EMU_EXPORT int rkllm_abort(LLMHandle handle)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    pthread_mutex_lock(&h->mu);
    emu_abort_all_locked(h);
    pthread_mutex_unlock(&h->mu);
    emu_release(h);
    return 0;
}

EMU_EXPORT int rkllm_is_running(LLMHandle handle)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    pthread_mutex_lock(&h->mu);
    int running = h->active > 0;
    pthread_mutex_unlock(&h->mu);
    emu_release(h);
    return running;
}
