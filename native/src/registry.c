/*
 * Live-handle registry. Every entry point looks its handle up here and holds a reference for the call,
 * so NULL, foreign or already-destroyed handles return -1 instead of crashing, and rkllm_destroy can
 * wait for concurrent calls (rkllm_abort from another thread, a blocked rkllm_run) to leave first.
 */
#include "emu.h"

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_released = PTHREAD_COND_INITIALIZER;
static emu_handle* g_head;

emu_handle* emu_acquire(LLMHandle p)
{
    if (p == NULL)
        return NULL;
    emu_handle* found = NULL;
    pthread_mutex_lock(&g_lock);
    for (emu_handle* h = g_head; h; h = h->next) {
        if ((void*)h == p && !h->dead) {
            h->refs++;
            found = h;
            break;
        }
    }
    pthread_mutex_unlock(&g_lock);
    return found;
}

void emu_release(emu_handle* h)
{
    pthread_mutex_lock(&g_lock);
    h->refs--;
    pthread_cond_broadcast(&g_released);
    pthread_mutex_unlock(&g_lock);
}

int emu_register(emu_handle* h)
{
    pthread_mutex_lock(&g_lock);
    h->refs = 0;
    h->dead = 0;
    h->next = g_head;
    g_head = h;
    pthread_mutex_unlock(&g_lock);
    return 0;
}

/* Called by destroy holding one reference: hide the handle, then wait until ours is the only reference. */
int emu_unregister_and_wait(emu_handle* h)
{
    pthread_mutex_lock(&g_lock);
    if (h->dead) {
        pthread_mutex_unlock(&g_lock);
        return -1;
    }
    h->dead = 1;
    while (h->refs > 1)
        pthread_cond_wait(&g_released, &g_lock);
    for (emu_handle** pp = &g_head; *pp; pp = &(*pp)->next) {
        if (*pp == h) {
            *pp = h->next;
            break;
        }
    }
    h->refs = 0;
    pthread_mutex_unlock(&g_lock);
    return 0;
}
