/* Chat template, function tools and cross-attention inputs: validated and stored as copies. */
#include "emu.h"

#include <stdlib.h>
#include <string.h>

/* Swaps in copies of three strings at once; on allocation failure nothing changes. */
static int replace3(char** a, const char* va, char** b, const char* vb, char** c, const char* vc)
{
    char* ca = strdup(va);
    char* cb = strdup(vb);
    char* cc = strdup(vc);
    if (ca == NULL || cb == NULL || cc == NULL) {
        free(ca);
        free(cb);
        free(cc);
        return -1;
    }
    free(*a);
    free(*b);
    free(*c);
    *a = ca;
    *b = cb;
    *c = cc;
    return 0;
}

EMU_EXPORT int rkllm_set_chat_template(LLMHandle handle, const char* system_prompt, const char* prompt_prefix,
                                       const char* prompt_postfix)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    int rc = -1;
    if (system_prompt != NULL && prompt_prefix != NULL && prompt_postfix != NULL) {
        pthread_mutex_lock(&h->mu);
        rc = replace3(&h->system_prompt, system_prompt, &h->prompt_prefix, prompt_prefix, &h->prompt_postfix,
                      prompt_postfix);
        if (rc == 0)
            h->system_prompt_tokens = emu_count_words(system_prompt);
        pthread_mutex_unlock(&h->mu);
    }
    emu_release(h);
    return rc;
}

EMU_EXPORT int rkllm_set_function_tools(LLMHandle handle, const char* system_prompt, const char* tools,
                                        const char* tool_response_str)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    int rc = -1;
    if (system_prompt != NULL && tools != NULL && tool_response_str != NULL) {
        pthread_mutex_lock(&h->mu);
        rc = replace3(&h->fn_system_prompt, system_prompt, &h->fn_tools, tools, &h->fn_tool_response,
                      tool_response_str);
        pthread_mutex_unlock(&h->mu);
    }
    emu_release(h);
    return rc;
}

/* Positions and mask are num_tokens long by the vendor contract, so copying them also proves they are readable. */
EMU_EXPORT int rkllm_set_cross_attn_params(LLMHandle handle, RKLLMCrossAttnParam* p)
{
    emu_handle* h = emu_acquire(handle);
    if (h == NULL)
        return -1;
    int rc = -1;
    if (p != NULL && p->num_tokens > 0 && p->encoder_k_cache != NULL && p->encoder_v_cache != NULL &&
        p->encoder_mask != NULL && p->encoder_pos != NULL) {
        size_t n = (size_t)p->num_tokens;
        int32_t* pos = malloc(n * sizeof *pos);
        float* mask = malloc(n * sizeof *mask);
        if (pos != NULL && mask != NULL) {
            memcpy(pos, p->encoder_pos, n * sizeof *pos);
            memcpy(mask, p->encoder_mask, n * sizeof *mask);
            pthread_mutex_lock(&h->mu);
            free(h->cross_attn_pos);
            free(h->cross_attn_mask);
            h->cross_attn_pos = pos;
            h->cross_attn_mask = mask;
            h->cross_attn_tokens = p->num_tokens;
            pthread_mutex_unlock(&h->mu);
            pos = NULL;
            mask = NULL;
            rc = 0;
        }
        free(pos);
        free(mask);
    }
    emu_release(h);
    return rc;
}
