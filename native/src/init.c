/* Library level: default parameters, init, destroy, and the emulator's own probe exports. */
#include "emu.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

EMU_EXPORT const char* nano_emu_version(void)
{
    return EMU_VERSION;
}

EMU_EXPORT int nano_emu_abi(void)
{
    return NANO_RKLLM_ABI;
}

EMU_EXPORT RKLLMParam rkllm_createDefaultParam(void)
{
    RKLLMParam p;
    memset(&p, 0, sizeof p); /* also zeroes padding and the reserved bytes */
    p.model_path = NULL;
    p.max_context_len = 4096;
    p.max_new_tokens = 512;
    p.top_k = 1;
    p.n_keep = 0;
    p.top_p = 0.9f;
    p.temperature = 0.8f;
    p.repeat_penalty = 1.1f;
    p.frequency_penalty = 0.0f;
    p.presence_penalty = 0.0f;
    p.mirostat = 0;
    p.mirostat_tau = 5.0f;
    p.mirostat_eta = 0.1f;
    p.skip_special_token = true;
    p.is_async = false;
    p.extend_param.base_domain_id = 0;
    p.extend_param.embed_flash = 1;
    p.extend_param.enabled_cpus_num = 4;
    p.extend_param.enabled_cpus_mask = 0xF0; /* cores 4-7: the big cores on RK3588/RK3576 */
    p.extend_param.n_batch = 1;
    p.extend_param.use_cross_attn = 0;
    return p;
}

static emu_handle* handle_new(const RKLLMParam* param, const emu_config* cfg)
{
    emu_handle* h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* delays must not jump with the wall clock */
    if (pthread_cond_init(&h->cv, &ca) != 0) {
        pthread_condattr_destroy(&ca);
        free(h);
        return NULL;
    }
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&h->mu, NULL);
    h->cfg = *cfg;
    h->max_context_len = param->max_context_len;
    h->max_new_tokens = param->max_new_tokens;
    h->n_batch = param->extend_param.n_batch == 0 ? 1 : param->extend_param.n_batch;
    return h;
}

#if NANO_RKLLM_ABI >= 13
EMU_EXPORT int rkllm_init(LLMHandle* handle, RKLLMParam* param, RKLLMCallback* callback)
{
    if (handle == NULL || param == NULL || callback == NULL || callback->result_callback == NULL)
        return -1;
#else
EMU_EXPORT int rkllm_init(LLMHandle* handle, RKLLMParam* param, LLMResultCallback callback)
{
    if (handle == NULL || param == NULL || callback == NULL)
        return -1;
#endif
    *handle = NULL;
    fprintf(stderr, "I rkllm: rkllm-runtime version: %s, rknpu driver version: emulated, platform: EMULATOR\n",
            EMU_VERSION);
    if (param->model_path == NULL || param->max_context_len <= 0 || param->extend_param.n_batch > EMU_MAX_BATCH)
        return -1;
    emu_config cfg;
    if (emu_config_load(param->model_path, &cfg) != 0) {
        fprintf(stderr, "E rkllm: failed to open model file: %s\n", param->model_path);
        return -1;
    }
    if (cfg.crash_on_init)
        raise(SIGSEGV); /* scripted crash while "loading the model", on the caller's thread */

    emu_handle* h = handle_new(param, &cfg);
    if (h == NULL)
        return -1;
#if NANO_RKLLM_ABI >= 13
    h->result_cb = callback->result_callback;
    h->result_ud = callback->result_userdata;
    h->tokenizer_cb = callback->tokenizer_callback;
    h->tokenizer_ud = callback->tokenizer_userdata;
    h->embed_cb = callback->embed_callback;
    h->embed_ud = callback->embed_userdata;
#else
    h->result_cb = callback;
#endif
    emu_register(h);
    *handle = h;
    return 0;
}

static void handle_free(emu_handle* h)
{
    for (int i = 0; i < h->n_lora; i++)
        free(h->lora_names[i]);
    free(h->prompt_cache_path);
    free(h->system_prompt);
    free(h->prompt_prefix);
    free(h->prompt_postfix);
    free(h->fn_system_prompt);
    free(h->fn_tools);
    free(h->fn_tool_response);
    free(h->cross_attn_pos);
    free(h->cross_attn_mask);
    while (h->leaked != NULL) {
        void* next = *(void**)h->leaked;
        free(h->leaked);
        h->leaked = next;
    }
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h);
}

EMU_EXPORT int rkllm_destroy(LLMHandle handle)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    if (emu_on_worker_of(h)) { /* from inside a callback: joining our own thread would deadlock */
        emu_release(h);
        return -1;
    }
    pthread_mutex_lock(&h->mu);
    h->destroying = 1;
    emu_abort_all_locked(h);
    pthread_mutex_unlock(&h->mu);

    if (emu_unregister_and_wait(h) != 0) { /* another destroy won */
        emu_release(h);
        return -1;
    }
    pthread_mutex_lock(&h->mu);
    while (h->active > 0)
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
    for (int i = 0; i < EMU_MAX_BATCH; i++) {
        if (h->slots[i].async_unjoined)
            pthread_join(h->slots[i].async_thread, NULL);
    }
    handle_free(h);
    return 0;
}
