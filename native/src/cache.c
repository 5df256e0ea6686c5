/* KV cache accounting, LoRA adapters and prompt cache files. */
#include "emu.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int readable_file(const char* path)
{
    struct stat st;
    return path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

static int any_running_locked(const emu_handle* h)
{
    return h->active > 0;
}

EMU_EXPORT int rkllm_get_kv_cache_size(LLMHandle handle, int* cache_sizes)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    if (cache_sizes == NULL) {
        emu_release(h);
        return -1;
    }
    pthread_mutex_lock(&h->mu);
    for (int i = 0; i < h->n_batch; i++)
        cache_sizes[i] = h->slots[i].kv_size;
    pthread_mutex_unlock(&h->mu);
    emu_release(h);
    return 0;
}

/* Ranges: per slot, [start, end) is removed when start < end; only while a keep_history == 0 run is paused. */
static int clear_ranges_locked(emu_handle* h, const int* start_pos, const int* end_pos)
{
    int paused_without_history = 0;
    for (int i = 0; i < h->n_batch; i++)
        if (h->slots[i].paused && !h->slots[i].pause.keep_history)
            paused_without_history = 1;
    if (!paused_without_history)
        return -1;
    for (int i = 0; i < h->n_batch; i++)
        if (start_pos[i] < 0 || end_pos[i] < 0)
            return -1;
    for (int i = 0; i < h->n_batch; i++) {
        int size = h->slots[i].kv_size;
        int a = start_pos[i] < size ? start_pos[i] : size;
        int b = end_pos[i] < size ? end_pos[i] : size;
        if (a < b)
            h->slots[i].kv_size = size - (b - a);
    }
    return 0;
}

EMU_EXPORT int rkllm_clear_kv_cache(LLMHandle handle, int keep_system_prompt, int* start_pos, int* end_pos)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    int rc = 0;
    pthread_mutex_lock(&h->mu);
    if (any_running_locked(h) || (start_pos == NULL) != (end_pos == NULL)) {
        rc = -1;
    } else if (start_pos != NULL) {
        rc = clear_ranges_locked(h, start_pos, end_pos);
    } else {
        int keep = keep_system_prompt ? h->system_prompt_tokens : 0;
        for (int i = 0; i < h->n_batch; i++)
            if (h->slots[i].kv_size > keep)
                h->slots[i].kv_size = keep;
    }
    pthread_mutex_unlock(&h->mu);
    emu_release(h);
    return rc;
}

int emu_lora_known(emu_handle* h, const char* name)
{
    int known = 0;
    pthread_mutex_lock(&h->mu);
    for (int i = 0; i < h->n_lora && !known; i++)
        known = strcmp(h->lora_names[i], name) == 0;
    pthread_mutex_unlock(&h->mu);
    return known;
}

EMU_EXPORT int rkllm_load_lora(LLMHandle handle, RKLLMLoraAdapter* lora_adapter)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    if (lora_adapter == NULL || lora_adapter->lora_adapter_name == NULL ||
        !readable_file(lora_adapter->lora_adapter_path)) {
        emu_release(h);
        return -1;
    }
    const char* name = lora_adapter->lora_adapter_name;
    int rc = 0;
    pthread_mutex_lock(&h->mu);
    int known = 0;
    for (int i = 0; i < h->n_lora && !known; i++)
        known = strcmp(h->lora_names[i], name) == 0;
    if (!known) { /* reloading a known name is accepted and keeps its slot */
        char* copy = h->n_lora < EMU_MAX_LORA ? strdup(name) : NULL;
        if (copy == NULL)
            rc = -1;
        else
            h->lora_names[h->n_lora++] = copy;
    }
    pthread_mutex_unlock(&h->mu);
    emu_release(h);
    return rc;
}

EMU_EXPORT int rkllm_load_prompt_cache(LLMHandle handle, const char* prompt_cache_path)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    char* copy = readable_file(prompt_cache_path) ? strdup(prompt_cache_path) : NULL;
    if (copy != NULL) {
        pthread_mutex_lock(&h->mu);
        free(h->prompt_cache_path);
        h->prompt_cache_path = copy;
        pthread_mutex_unlock(&h->mu);
    }
    emu_release(h);
    return copy != NULL ? 0 : -1;
}

EMU_EXPORT int rkllm_release_prompt_cache(LLMHandle handle)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    pthread_mutex_lock(&h->mu);
    int rc = h->prompt_cache_path != NULL ? 0 : -1;
    free(h->prompt_cache_path);
    h->prompt_cache_path = NULL;
    pthread_mutex_unlock(&h->mu);
    emu_release(h);
    return rc;
}
