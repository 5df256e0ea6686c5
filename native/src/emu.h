/*
 * Internal state of the RKLLM ABI emulator. Nothing here is exported: the public surface is
 * include/rkllm_abi.h (15 functions) plus nano_emu_version / nano_emu_abi.
 */
#ifndef NANO_EMU_H
#define NANO_EMU_H

#include "rkllm_abi.h"

#include <pthread.h>
#include <stdint.h>

#define EMU_EXPORT __attribute__((visibility("default")))

#define EMU_MAX_BATCH 8
#define EMU_MAX_LORA 8
#define EMU_TOKENIZER_MAX 4096
#define EMU_TOKEN_UTF8 1000 /* token id of the two-callback "é" */

#if NANO_RKLLM_ABI >= 13
#define EMU_VERSION "1.3.0-nano-emulator"
#else
#define EMU_VERSION "1.2.3-nano-emulator"
#endif

/* Model "file": key=value text, see README.md. */
typedef struct {
    long token_delay_us;
    long prefill_delay_us;
    int embd_size;
    int vocab_size;
    long crash_after_tokens;
    long hang_after_tokens;
    int crash_on_init;
    float memory_mb;
    long leak_kb_per_token;
} emu_config;

/* Where a paused generation stands, so the next run on the handle continues it. */
typedef struct {
    uint64_t seed;
    int next_index;      /* next token position in the deterministic sequence */
    int total;           /* max_new_tokens of the paused run */
    int tail_pending;    /* paused between the WAITING and NORMAL halves of "é" */
    int keep_history;
} emu_pause;

typedef struct {
    int running;
    int abort;            /* set by rkllm_abort/destroy, read by the worker under the handle mutex */
    int paused;
    emu_pause pause;
    int in_callback;      /* the worker is inside a streaming result callback (see claim_slot) */
    unsigned cb_seq;      /* streaming callbacks returned so far */
    int kv_size;
    int async_unjoined;   /* an async worker finished here and still needs pthread_join */
    pthread_t async_thread;
} emu_slot;

typedef struct emu_handle {
    pthread_mutex_t mu;
    pthread_cond_t cv;    /* CLOCK_MONOTONIC; wakes delays on abort and destroy on worker exit */
    emu_config cfg;
    int max_context_len;
    int max_new_tokens;
    int n_batch;
    LLMResultCallback result_cb;
    void* result_ud;
#if NANO_RKLLM_ABI >= 13
    LLMTokenizerCallback tokenizer_cb;
    void* tokenizer_ud;
    LLMGetEmbedCallback embed_cb;
    void* embed_ud;
#endif
    int active;           /* running workers */
    int destroying;       /* set by rkllm_destroy: no new runs */
    emu_slot slots[EMU_MAX_BATCH];
    char* lora_names[EMU_MAX_LORA];
    int n_lora;
    char* prompt_cache_path;  /* loaded prompt cache, NULL if none */
    char* system_prompt;
    char* prompt_prefix;
    char* prompt_postfix;
    int system_prompt_tokens;
    char* fn_system_prompt;
    char* fn_tools;
    char* fn_tool_response;
    int cross_attn_tokens;
    int32_t* cross_attn_pos;
    float* cross_attn_mask;
    void* leaked;         /* leak_kb_per_token blocks, a list linked through their first word; freed by destroy */
    /* registry bookkeeping, guarded by the registry lock (emu_handle.c) */
    int refs;
    int dead;
    struct emu_handle* next;
} emu_handle;

/* config.c */
int emu_config_load(const char* path, emu_config* cfg);

/* handle.c: live-handle registry, so stale or NULL handles return -1 instead of crashing. */
emu_handle* emu_acquire(LLMHandle h);
void emu_release(emu_handle* h);
int emu_register(emu_handle* h);
int emu_unregister_and_wait(emu_handle* h);
int emu_on_worker_of(const emu_handle* h);

/* stream.c: the deterministic token stream and input accounting */
uint64_t emu_fnv1a(uint64_t h, const void* data, size_t len);
#define EMU_FNV_OFFSET 0xcbf29ce484222325ULL
const char* emu_word(int index);
int emu_token_at(uint64_t seed, int index);
int emu_count_words(const char* s);
float emu_seed_mod(uint64_t seed);

/* One run, copied out of the caller's structs so rkllm_run_async may return before the worker reads it. */
typedef struct {
    emu_handle* h;
    int slot;
    int is_async;
    int resume;              /* continue the slot's paused generation instead of starting one */
    emu_pause pause;         /* the continuation when resume */
    RKLLMInferMode mode;
    int keep_history;
    int max_new;             /* <= 0: until the context is full */
    uint64_t seed;
    int prompt_tokens;       /* word / token / row count, plus image and video tokens */
    int extra_tokens;        /* image + video tokens, added to a tokenizer callback's count */
    void* userdata;
    char* tokenizer_text;    /* v1.3 tokenizer callback input (copy), NULL if not used */
    int32_t* embed_ids;      /* v1.3 embed callback input (copy), NULL if not used */
    size_t n_embed_ids;
    char* save_cache_path;   /* save_prompt_cache target (copy), NULL if not asked */
    int status;              /* 0, or -1 after an ERROR callback */
} emu_job;

/* input.c: validate the caller's input and infer params into a job; -1 on bad arguments */
int emu_job_prepare(emu_handle* h, const RKLLMInput* in, const RKLLMInferParam* ip, void* userdata, emu_job* job);
void emu_job_free(emu_job* job);

/* worker.c */
void* emu_worker_main(void* job);

/* run.c */
void emu_abort_all_locked(emu_handle* h);
double emu_now_ms(void);

/* cache.c */
int emu_lora_known(emu_handle* h, const char* name);

#endif
