/*
 * Several threads search one grill_kb at once and get exactly the results a
 * single thread gets; each thread's last error message is its own.
 *
 * Usage: threads [ROUNDS]   (default 20)
 */
#include "grill.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8

static const char *QUERIES[] = {
    "elasticsaerch reindex",
    "kafka exactly once",
    "postgresql dynamodb",
    "cache stampede",
    "k8s autoscaling",
    "how do you handle backpressure",
    "\"dead letter queue\"",
    "idempot",
    "circuit breaker timeout retries",
    "tell me about a conflict with your manager",
};
#define NQUERIES (sizeof QUERIES / sizeof QUERIES[0])
static const char *FOLLOW = "anticipated-followups/why-elasticsearch-over-other-solutions";

static const grill_kb *kb;
static char *expected[NQUERIES + 1];
static int rounds = 20;

/* Everything a result list says, as one string. */
static char *render(const grill_hits *hits) {
    size_t cap = 256, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < grill_hits_len(hits); i++) {
        size_t count = 0;
        grill_hits_question_highlights(hits, i, &count);
        char line[8192];
        int n = snprintf(line, sizeof line, "%s|%s|%s|%s|%s|%.9g|%zu\n", grill_hits_id(hits, i),
                         grill_hits_question(hits, i), grill_hits_snippet(hits, i),
                         grill_hits_relation(hits, i), grill_hits_reason(hits, i),
                         (double)grill_hits_score(hits, i), count);
        if (n < 0) abort();
        while (len + (size_t)n + 1 > cap) {
            cap *= 2;
            out = realloc(out, cap);
        }
        memcpy(out + len, line, (size_t)n + 1);
        len += (size_t)n;
    }
    return out;
}

static char *run(size_t q) {
    grill_hits *hits = NULL;
    grill_status s = q < NQUERIES ? grill_search(kb, QUERIES[q], NULL, &hits)
                                  : grill_follow_ups(kb, FOLLOW, 10, &hits);
    if (s != GRILL_OK) {
        fprintf(stderr, "call %zu failed: %s\n", q, grill_last_error_message());
        exit(1);
    }
    char *text = render(hits);
    grill_hits_free(hits);
    return text;
}

static void *worker(void *arg) {
    long id = (long)arg;
    long mismatches = 0;
    char missing[64];
    snprintf(missing, sizeof missing, "missing/thread-%ld", id);
    for (int r = 0; r < rounds; r++) {
        for (size_t k = 0; k <= NQUERIES; k++) {
            /* Start each thread at a different query to mix the calls. */
            size_t q = (k + (size_t)id) % (NQUERIES + 1);
            char *text = run(q);
            if (strcmp(text, expected[q]) != 0) {
                fprintf(stderr, "thread %ld round %d: results for call %zu differ\n", id, r, q);
                mismatches++;
            }
            free(text);
        }
        /* This thread's error, and only this thread's, is its last error. */
        grill_question *question = NULL;
        if (grill_question_get(kb, missing, &question) != GRILL_ERR_NOT_FOUND || question != NULL) mismatches++;
        if (strstr(grill_last_error_message(), missing) == NULL) {
            fprintf(stderr, "thread %ld: last error is \"%s\"\n", id, grill_last_error_message());
            mismatches++;
        }
    }
    return (void *)mismatches;
}

int main(int argc, char **argv) {
    if (argc > 1) rounds = atoi(argv[1]);
    grill_kb *owned = NULL;
    if (grill_kb_open_embedded(&owned) != GRILL_OK) return 1;
    kb = owned;

    for (size_t q = 0; q <= NQUERIES; q++) {
        expected[q] = run(q);
        if (q < NQUERIES && strlen(expected[q]) == 0 && q < 5) {
            fprintf(stderr, "query \"%s\" found nothing\n", QUERIES[q]);
            return 1;
        }
    }
    if (grill_question_get(kb, "missing/main", &(grill_question *){NULL}) != GRILL_ERR_NOT_FOUND) return 1;

    pthread_t threads[THREADS];
    for (long t = 0; t < THREADS; t++) {
        if (pthread_create(&threads[t], NULL, worker, (void *)t) != 0) return 1;
    }
    long mismatches = 0;
    for (long t = 0; t < THREADS; t++) {
        void *result = NULL;
        pthread_join(threads[t], &result);
        mismatches += (long)result;
    }
    /* The other threads' failures left the main thread's message alone. */
    if (strstr(grill_last_error_message(), "missing/main") == NULL) {
        fprintf(stderr, "main thread's last error changed: %s\n", grill_last_error_message());
        mismatches++;
    }
    for (size_t q = 0; q <= NQUERIES; q++) free(expected[q]);
    grill_kb_free(owned);
    if (mismatches != 0) {
        fprintf(stderr, "threads: %ld mismatches\n", mismatches);
        return 1;
    }
    printf("threads: %d threads x %d rounds x %zu calls on one grill_kb, all identical to one thread\n", THREADS,
           rounds, NQUERIES + 1);
    return 0;
}
