/*
 * Turns the caller's RKLLMInput / RKLLMInferParam into a self-contained job: validates (bad arguments
 * are -1 with no callback), counts prompt tokens and derives the seed of the deterministic stream.
 */
#include "emu.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define EMU_MAX_INPUT_TOKENS (1u << 24) /* far above any context; keeps every size product in range */

static int prompt_words(const char* s)
{
    int n = emu_count_words(s);
    return n < 1 ? 1 : n;
}

/* a * b added to *acc, refusing sizes no real input has. */
static int add_product(size_t* acc, size_t a, size_t b)
{
    size_t p;
    if (__builtin_mul_overflow(a, b, &p) || p > EMU_MAX_INPUT_TOKENS)
        return -1;
    *acc += p;
    return *acc > EMU_MAX_INPUT_TOKENS ? -1 : 0;
}

static uint64_t hash_dims(uint64_t seed, const uint64_t* dims, size_t n)
{
    return emu_fnv1a(seed, dims, n * sizeof dims[0]); /* host order: little-endian on every target */
}

static int prepare_multimodal(emu_job* job, const RKLLMMultiModalInput* mm, uint64_t* seed, size_t* extra)
{
    if (mm->prompt == NULL)
        return -1;
    *seed = emu_fnv1a(*seed, mm->prompt, strlen(mm->prompt));
#if NANO_RKLLM_ABI >= 13
    const RKLLMImageInput* im = &mm->image;
    const RKLLMVideoInput* v = &mm->video;
    uint64_t dims[9] = { im->n_image_tokens, im->n_image, im->image_width, im->image_height,
                         v->n_frame_tokens, v->n_frame_per_video, v->n_video, v->frame_width, v->frame_height };
    *seed = hash_dims(*seed, dims, 9);
    size_t frames;
    if (add_product(extra, im->n_image, im->n_image_tokens) != 0)
        return -1;
    if (__builtin_mul_overflow(v->n_video, v->n_frame_per_video, &frames) || add_product(extra, frames, v->n_frame_tokens) != 0)
        return -1;
    if (im->n_image * im->n_image_tokens > 0 && im->image_embed == NULL)
        return -1;
    if (frames * v->n_frame_tokens > 0 && v->video_embed == NULL)
        return -1;
#else
    uint64_t dims[4] = { mm->n_image_tokens, mm->n_image, mm->image_width, mm->image_height };
    *seed = hash_dims(*seed, dims, 4);
    if (add_product(extra, mm->n_image, mm->n_image_tokens) != 0)
        return -1;
    if (*extra > 0 && mm->image_embed == NULL)
        return -1;
#endif
    job->prompt_tokens = prompt_words(mm->prompt) + (int)*extra;
    return 0;
}

static int prepare_input(emu_handle* h, emu_job* job, const RKLLMInput* in, uint64_t* seed, const char** text)
{
    size_t extra = 0;
    switch ((int)in->input_type) {
    case RKLLM_INPUT_PROMPT:
        if (in->prompt_input == NULL)
            return -1;
        *text = in->prompt_input;
        *seed = emu_fnv1a(*seed, *text, strlen(*text));
        job->prompt_tokens = prompt_words(*text);
        return 0;
    case RKLLM_INPUT_TOKEN:
        if (in->token_input.input_ids == NULL || in->token_input.n_tokens == 0 ||
            in->token_input.n_tokens > EMU_MAX_INPUT_TOKENS)
            return -1;
        *seed = emu_fnv1a(*seed, in->token_input.input_ids, in->token_input.n_tokens * sizeof(int32_t));
        job->prompt_tokens = (int)in->token_input.n_tokens;
        return 0;
    case RKLLM_INPUT_EMBED:
        if (in->embed_input.embed == NULL || in->embed_input.n_tokens == 0 ||
            in->embed_input.n_tokens > EMU_MAX_INPUT_TOKENS)
            return -1;
        *seed = emu_fnv1a(*seed, in->embed_input.embed,
                          in->embed_input.n_tokens * (size_t)h->cfg.embd_size * sizeof(float));
        job->prompt_tokens = (int)in->embed_input.n_tokens;
        return 0;
    case RKLLM_INPUT_MULTIMODAL:
        if (prepare_multimodal(job, &in->multimodal_input, seed, &extra) != 0)
            return -1;
        *text = in->multimodal_input.prompt;
        job->extra_tokens = (int)extra;
        return 0;
    default:
        return -1;
    }
}

int emu_job_prepare(emu_handle* h, const RKLLMInput* in, const RKLLMInferParam* ip, void* userdata, emu_job* job)
{
    memset(job, 0, sizeof *job);
    job->h = h;
    job->slot = -1;
    if (in == NULL || ip == NULL)
        return -1;
    if ((int)ip->mode < RKLLM_INFER_GENERATE || (int)ip->mode > RKLLM_INFER_GET_LOGITS)
        return -1;
    job->mode = ip->mode;
    job->keep_history = ip->keep_history != 0;
    job->max_new = h->max_new_tokens;
#if NANO_RKLLM_ABI >= 13
    if (ip->max_new_tokens > 0)
        job->max_new = ip->max_new_tokens;
    job->userdata = userdata != NULL ? userdata : h->result_ud;
#else
    job->userdata = userdata;
#endif
    uint64_t seed = EMU_FNV_OFFSET;
    const char* text = NULL;
    if (prepare_input(h, job, in, &seed, &text) != 0)
        return -1;
    if (ip->lora_params != NULL && ip->lora_params->lora_adapter_name != NULL) {
        const char* name = ip->lora_params->lora_adapter_name;
        if (!emu_lora_known(h, name))
            return -1;
        seed = emu_fnv1a(seed, "", 1); /* a NUL separates input bytes from the adapter name */
        seed = emu_fnv1a(seed, name, strlen(name));
    }
    job->seed = seed;
    if (ip->prompt_cache_params != NULL && ip->prompt_cache_params->save_prompt_cache) {
        if (ip->prompt_cache_params->prompt_cache_path == NULL ||
            (job->save_cache_path = strdup(ip->prompt_cache_params->prompt_cache_path)) == NULL)
            return -1;
    }
#if NANO_RKLLM_ABI >= 13
    if (h->tokenizer_cb != NULL && text != NULL && (job->tokenizer_text = strdup(text)) == NULL) {
        emu_job_free(job);
        return -1;
    }
    if (h->embed_cb != NULL && (int)in->input_type == RKLLM_INPUT_TOKEN) {
        job->n_embed_ids = in->token_input.n_tokens;
        job->embed_ids = malloc(job->n_embed_ids * sizeof(int32_t));
        if (job->embed_ids == NULL) {
            emu_job_free(job);
            return -1;
        }
        memcpy(job->embed_ids, in->token_input.input_ids, job->n_embed_ids * sizeof(int32_t));
    }
#else
    (void)text;
#endif
    return 0;
}

void emu_job_free(emu_job* job)
{
    free(job->tokenizer_text);
    free(job->embed_ids);
    free(job->save_cache_path);
    job->tokenizer_text = NULL;
    job->embed_ids = NULL;
    job->save_cache_path = NULL;
}
