/* A fixed pool of extraction (and analysis) threads with a job queue in and a done queue
 * out, both FIFO lists under one mutex. */
#include "ingest/extract_pool.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

struct node {
    struct extract_job *job;
    struct node *next;
};

struct queue {
    struct node *head, *tail;
};

struct extract_pool {
    pthread_mutex_t lock;
    pthread_cond_t work; /* a job was queued, or quitting */
    pthread_cond_t done; /* a job finished */
    struct queue queued, finished;
    size_t pending; /* submitted and not yet taken back */
    bool quit;
    int n_threads;
    pthread_t *threads;
};

static void push(struct queue *q, struct extract_job *job)
{
    struct node *n = xmalloc(sizeof *n);
    n->job = job;
    n->next = NULL;
    if (q->tail)
        q->tail->next = n;
    else
        q->head = n;
    q->tail = n;
}

static struct extract_job *pop(struct queue *q)
{
    struct node *n = q->head;
    if (!n)
        return NULL;
    q->head = n->next;
    if (!q->head)
        q->tail = NULL;
    struct extract_job *job = n->job;
    free(n);
    return job;
}

static void run_job(struct extract_job *j)
{
    j->rc = extract_article(&j->article, j->body, j->len, j->url, j->content_type);
    if (j->rc) {
        snprintf(j->error, sizeof j->error, "%s", herald_error_last());
        return;
    }
    if (j->analyzer) {
        const struct article *a = j->article;
        analyze_article(j->analyzer, a->title ? a->title : j->fallback_title, a->text,
                        a->lang ? a->lang : j->declared_lang, j->lang, &j->an);
    }
}

static void *worker(void *arg)
{
    struct extract_pool *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        struct extract_job *j = pop(&p->queued);
        if (!j && p->quit)
            break;
        if (!j) {
            pthread_cond_wait(&p->work, &p->lock);
            continue;
        }
        pthread_mutex_unlock(&p->lock);
        run_job(j);
        pthread_mutex_lock(&p->lock);
        push(&p->finished, j);
        pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

int extract_pool_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

struct extract_pool *extract_pool_new(int threads)
{
    static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
    pthread_once(&xml_once, xmlInitParser); /* libxml2 wants it before threads */
    struct extract_pool *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    p->n_threads = threads > 0 ? threads : 1;
    p->threads = xcalloc((size_t)p->n_threads, sizeof *p->threads);
    for (int i = 0; i < p->n_threads; i++)
        if (pthread_create(&p->threads[i], NULL, worker, p) != 0)
            abort(); /* like out of memory: no way to go on */
    return p;
}

void extract_pool_submit(struct extract_pool *p, struct extract_job *job)
{
    pthread_mutex_lock(&p->lock);
    push(&p->queued, job);
    p->pending++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
}

struct extract_job *extract_pool_next(struct extract_pool *p, bool wait)
{
    pthread_mutex_lock(&p->lock);
    struct extract_job *j = pop(&p->finished);
    while (!j && wait && p->pending > 0) {
        pthread_cond_wait(&p->done, &p->lock);
        j = pop(&p->finished);
    }
    if (j)
        p->pending--;
    pthread_mutex_unlock(&p->lock);
    return j;
}

size_t extract_pool_pending(struct extract_pool *p)
{
    pthread_mutex_lock(&p->lock);
    size_t n = p->pending;
    pthread_mutex_unlock(&p->lock);
    return n;
}

void extract_job_free(struct extract_job *j)
{
    if (!j)
        return;
    free(j->body);
    free(j->url);
    free(j->content_type);
    article_free(j->article);
    free(j);
}

void extract_pool_free(struct extract_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->quit = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->n_threads; i++)
        pthread_join(p->threads[i], NULL);
    struct extract_job *j;
    while ((j = pop(&p->finished)))
        extract_job_free(j);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done);
    pthread_mutex_destroy(&p->lock);
    free(p->threads);
    free(p);
}
