/*
 * Semantic search through the C ABI with the real model: grill_model_open,
 * grill_model_from_bytes, grill_search_with_model, grill_hits_semantic_score
 * and their error paths, on the embedded corpus (whose entry vectors were
 * made by the same model).
 *
 * Usage: semantic MODEL_DIR SCRATCH_DIR [quick|threads]
 *   MODEL_DIR    the installed model (scripts/fetch-model.sh); $GRILL_MODEL
 *                must name the same folder, for grill_model_open(NULL, ...)
 *   SCRATCH_DIR  a writable directory (an empty folder is made in it)
 *   quick        load the model once only (for valgrind, where a load is slow)
 *   threads      only: 4 threads search with one grill_model at once
 *
 * Run by `cargo test -p grill-c` (tests/c.rs). A missing model fails it.
 */
#include "check.h"

#include <math.h>
#include <pthread.h>
#include <sys/stat.h>

static int checks = 0;

static const char *PARAPHRASE =
    "one service falling over takes everything else down with it - how do you contain that?";
static const char *CASCADING =
    "common-followups-by-topic/how-do-you-handle-cascading-failures";
static const char *MINILM = "sentence-transformers/all-MiniLM-L6-v2";

static unsigned char *read_file(const char *dir, const char *name, size_t *len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) FAIL("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) FAIL("cannot read %s", path);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_open_errors(const char *scratch) {
    EXPECT_ERR(grill_model_open(NULL, NULL), GRILL_ERR_NULL, "grill_model_open: out is NULL");

    grill_model *m = POISON(grill_model *);
    EXPECT_ERR(grill_model_open("/no/such/grill/model", &m), GRILL_ERR_MODEL,
               "no model at /no/such/grill/model");
    CHECK(m == NULL);
    CHECK(streq(grill_status_str(GRILL_ERR_MODEL), "model error"));

    /* A folder without a model: the message names the missing file. */
    char empty[4096];
    snprintf(empty, sizeof empty, "%s/empty-model", scratch);
    mkdir(empty, 0755);
    m = POISON(grill_model *);
    EXPECT_ERR(grill_model_open(empty, &m), GRILL_ERR_MODEL, "config.json is missing");
    CHECK(m == NULL);

    /* Garbage bytes. */
    static const uint8_t junk[] = "this is not a model";
    m = POISON(grill_model *);
    EXPECT_ERR(grill_model_from_bytes(junk, sizeof junk, junk, sizeof junk, junk, sizeof junk, &m),
               GRILL_ERR_MODEL, "grill_model_from_bytes: model: ");
    CHECK(m == NULL);
    static const uint8_t not_bert[] = "{\"model_type\": \"gpt2\"}";
    EXPECT(grill_model_from_bytes(not_bert, sizeof not_bert - 1, junk, sizeof junk, junk,
                                  sizeof junk, &m),
           GRILL_ERR_MODEL);
    CHECK(m == NULL);
    m = POISON(grill_model *);
    EXPECT_ERR(grill_model_from_bytes(NULL, 0, junk, sizeof junk, junk, sizeof junk, &m),
               GRILL_ERR_NULL, "config is NULL");
    CHECK(m == NULL);
    EXPECT_ERR(grill_model_from_bytes(junk, sizeof junk, junk, sizeof junk, NULL, 0, &m),
               GRILL_ERR_NULL, "weights is NULL");
    EXPECT_ERR(grill_model_from_bytes(junk, sizeof junk, junk, sizeof junk, junk, sizeof junk, NULL),
               GRILL_ERR_NULL, "out is NULL");

    /* Accessors and free accept NULL. */
    CHECK(grill_model_dims(NULL) == 0);
    CHECK(grill_model_name(NULL) == NULL);
    grill_model_free(NULL);
}

static grill_model *open_model(const char *dir) {
    grill_model *m = NULL;
    EXPECT(grill_model_open(dir, &m), GRILL_OK);
    CHECK(m != NULL);
    CHECK(grill_model_dims(m) == 384);
    CHECK(streq(grill_model_name(m), MINILM));
    return m;
}

/* Runs a search that must succeed. */
static grill_hits *search(const grill_kb *kb, const grill_model *m, const char *query,
                          const grill_search_options *opts, int semantic) {
    grill_hits *hits = POISON(grill_hits *);
    EXPECT(grill_search_with_model(kb, m, query, opts, semantic, &hits), GRILL_OK);
    CHECK(hits != NULL);
    return hits;
}

static void check_semantic_scores(const grill_hits *hits) {
    size_t n = grill_hits_len(hits);
    CHECK(n > 0);
    for (size_t i = 0; i < n; i++) {
        float s = grill_hits_semantic_score(hits, i);
        CHECK(!isnan(s));
        CHECK(s >= -1.0f && s <= 1.0f);
        CHECK(streq(grill_hits_relation(hits, i), "search"));
        CHECK(grill_hits_id(hits, i) != NULL);
        if (i > 0) CHECK(grill_hits_score(hits, i) <= grill_hits_score(hits, i - 1));
    }
    CHECK(isnan(grill_hits_semantic_score(hits, n)));
}

static void check_no_semantic_scores(const grill_hits *hits) {
    for (size_t i = 0; i < grill_hits_len(hits); i++)
        CHECK(isnan(grill_hits_semantic_score(hits, i)));
}

static void test_search(const grill_kb *kb, const grill_model *m) {
    /* Meaning finds the paraphrase. */
    grill_hits *on = search(kb, m, PARAPHRASE, NULL, GRILL_SEMANTIC_ON);
    if (!streq(grill_hits_id(on, 0), CASCADING))
        FAIL("semantic ON: first hit %s, expected %s", grill_hits_id(on, 0), CASCADING);
    CHECK(grill_hits_len(on) <= 10);
    check_semantic_scores(on);
    CHECK(grill_hits_semantic_score(on, 0) > 0.3f);
    printf("semantic on:  %s (score %.3f, cosine %.3f)\n", grill_hits_id(on, 0),
           (double)grill_hits_score(on, 0), (double)grill_hits_semantic_score(on, 0));

    /* Words alone do not. */
    grill_hits *off = search(kb, m, PARAPHRASE, NULL, GRILL_SEMANTIC_OFF);
    CHECK(grill_hits_len(off) == 0 || !streq(grill_hits_id(off, 0), CASCADING));
    check_no_semantic_scores(off);
    printf("semantic off: %s\n", grill_hits_len(off) ? grill_hits_id(off, 0) : "(no hits)");

    /* grill_search is words only, as before, and identical to OFF. */
    grill_hits *words = POISON(grill_hits *);
    EXPECT(grill_search(kb, PARAPHRASE, NULL, &words), GRILL_OK);
    CHECK(grill_hits_len(words) == grill_hits_len(off));
    for (size_t i = 0; i < grill_hits_len(words); i++) {
        CHECK(streq(grill_hits_id(words, i), grill_hits_id(off, i)));
        CHECK(grill_hits_score(words, i) == grill_hits_score(off, i));
    }
    check_no_semantic_scores(words);
    grill_hits_free(words);

    /* AUTO with the model is ON; AUTO without one is words only. */
    grill_hits *automatic = search(kb, m, PARAPHRASE, NULL, GRILL_SEMANTIC_AUTO);
    CHECK(grill_hits_len(automatic) == grill_hits_len(on));
    for (size_t i = 0; i < grill_hits_len(on); i++)
        CHECK(streq(grill_hits_id(automatic, i), grill_hits_id(on, i)));
    grill_hits_free(automatic);
    automatic = search(kb, NULL, PARAPHRASE, NULL, GRILL_SEMANTIC_AUTO);
    CHECK(grill_hits_len(automatic) == grill_hits_len(off));
    for (size_t i = 0; i < grill_hits_len(off); i++)
        CHECK(streq(grill_hits_id(automatic, i), grill_hits_id(off, i)));
    check_no_semantic_scores(automatic);
    grill_hits_free(automatic);
    /* OFF needs no model. */
    grill_hits_free(search(kb, NULL, PARAPHRASE, NULL, GRILL_SEMANTIC_OFF));

    /* Options apply: limit, paging, scope. */
    grill_search_options opts = grill_search_options_default();
    opts.limit = 3;
    grill_hits *top3 = search(kb, m, PARAPHRASE, &opts, GRILL_SEMANTIC_ON);
    CHECK(grill_hits_len(top3) == 3);
    for (size_t i = 0; i < 3; i++) CHECK(streq(grill_hits_id(top3, i), grill_hits_id(on, i)));
    check_semantic_scores(top3);
    grill_hits_free(top3);
    opts.offset = 1;
    grill_hits *page = search(kb, m, PARAPHRASE, &opts, GRILL_SEMANTIC_ON);
    CHECK(grill_hits_len(page) == 3);
    CHECK(streq(grill_hits_id(page, 0), grill_hits_id(on, 1)));
    grill_hits_free(page);
    opts = grill_search_options_default();
    opts.document = "sample-interview-qa";
    grill_hits *scoped = search(kb, m, PARAPHRASE, &opts, GRILL_SEMANTIC_ON);
    for (size_t i = 0; i < grill_hits_len(scoped); i++)
        CHECK(streq(grill_hits_document(scoped, i), "sample-interview-qa"));
    grill_hits_free(scoped);
    opts.limit = 0;
    grill_hits *none = search(kb, m, PARAPHRASE, &opts, GRILL_SEMANTIC_ON);
    CHECK(grill_hits_len(none) == 0);
    grill_hits_free(none);
    opts = grill_search_options_default();
    opts.limit = SIZE_MAX;
    grill_hits *all = search(kb, m, "kafka", &opts, GRILL_SEMANTIC_ON);
    CHECK(grill_hits_len(all) > 10 && grill_hits_len(all) <= grill_kb_len(kb));
    check_semantic_scores(all);
    grill_hits_free(all);

    /* Errors. */
    grill_hits *hits = POISON(grill_hits *);
    EXPECT_ERR(grill_search_with_model(kb, NULL, PARAPHRASE, NULL, GRILL_SEMANTIC_ON, &hits),
               GRILL_ERR_MODEL, "grill_search_with_model: semantic is GRILL_SEMANTIC_ON but model is NULL");
    CHECK(hits == NULL);
    hits = POISON(grill_hits *);
    EXPECT_ERR(grill_search_with_model(kb, m, "\xff\xfe kafka", NULL, GRILL_SEMANTIC_ON, &hits),
               GRILL_ERR_UTF8, "query is not valid UTF-8");
    CHECK(hits == NULL);
    EXPECT_ERR(grill_search_with_model(kb, m, PARAPHRASE, NULL, 3, &hits),
               GRILL_ERR_INVALID_ARGUMENT, "semantic is 3");
    EXPECT(grill_search_with_model(kb, m, PARAPHRASE, NULL, -1, &hits), GRILL_ERR_INVALID_ARGUMENT);
    EXPECT_ERR(grill_search_with_model(NULL, m, PARAPHRASE, NULL, GRILL_SEMANTIC_ON, &hits),
               GRILL_ERR_NULL, "kb is NULL");
    EXPECT_ERR(grill_search_with_model(kb, m, NULL, NULL, GRILL_SEMANTIC_ON, &hits),
               GRILL_ERR_NULL, "query is NULL");
    EXPECT_ERR(grill_search_with_model(kb, m, PARAPHRASE, NULL, GRILL_SEMANTIC_ON, NULL),
               GRILL_ERR_NULL, "out is NULL");
    opts = grill_search_options_default();
    opts.document = "no-such-document";
    EXPECT(grill_search_with_model(kb, m, PARAPHRASE, &opts, GRILL_SEMANTIC_ON, &hits),
           GRILL_ERR_NOT_FOUND);
    opts.topic = "x";
    EXPECT(grill_search_with_model(kb, m, PARAPHRASE, &opts, GRILL_SEMANTIC_ON, &hits),
           GRILL_ERR_INVALID_ARGUMENT);
    CHECK(hits == NULL);

    /* An empty query is not an error. */
    grill_hits_free(search(kb, m, "", NULL, GRILL_SEMANTIC_ON));

    grill_hits_free(off);
    grill_hits_free(on);
}

/* A model from the bytes of its files gives the same answers. */
static void test_from_bytes(const grill_kb *kb, const char *dir) {
    size_t config_len, tokenizer_len, weights_len;
    unsigned char *config = read_file(dir, "config.json", &config_len);
    unsigned char *tokenizer = read_file(dir, "tokenizer.json", &tokenizer_len);
    unsigned char *weights = read_file(dir, "model.safetensors", &weights_len);
    grill_model *m = POISON(grill_model *);
    EXPECT(grill_model_from_bytes(config, config_len, tokenizer, tokenizer_len, weights,
                                  weights_len, &m),
           GRILL_OK);
    /* The bytes are copied: the buffers may go at once. */
    free(config);
    free(tokenizer);
    free(weights);
    CHECK(grill_model_dims(m) == 384);
    CHECK(streq(grill_model_name(m), MINILM));
    grill_hits *hits = search(kb, m, PARAPHRASE, NULL, GRILL_SEMANTIC_ON);
    CHECK(streq(grill_hits_id(hits, 0), CASCADING));
    grill_hits_free(hits);
    grill_model_free(m);
}

/* Threads share one grill_model and one grill_kb. */
static const char *THREAD_QUERIES[] = {
    "one service falling over takes everything else down with it - how do you contain that?",
    "how do you make sure a message is processed only once",
    "the search index lags behind the database",
};
#define NTHREAD_QUERIES (sizeof THREAD_QUERIES / sizeof THREAD_QUERIES[0])
#define THREADS 4
static const grill_kb *shared_kb;
static const grill_model *shared_model;
static char expected_first[NTHREAD_QUERIES][512];
static float expected_cosine[NTHREAD_QUERIES];

static void *worker(void *arg) {
    long id = (long)arg, mismatches = 0;
    for (int round = 0; round < 2; round++) {
        for (size_t k = 0; k < NTHREAD_QUERIES; k++) {
            size_t q = (k + (size_t)id) % NTHREAD_QUERIES;
            grill_hits *hits = NULL;
            if (grill_search_with_model(shared_kb, shared_model, THREAD_QUERIES[q], NULL,
                                        GRILL_SEMANTIC_ON, &hits) != GRILL_OK) {
                fprintf(stderr, "thread %ld: %s\n", id, grill_last_error_message());
                mismatches++;
                continue;
            }
            float d = grill_hits_semantic_score(hits, 0) - expected_cosine[q];
            if (!streq(grill_hits_id(hits, 0), expected_first[q]) || d > 1e-4f || d < -1e-4f) {
                fprintf(stderr, "thread %ld: query %zu: %s %f\n", id, q, grill_hits_id(hits, 0),
                        (double)grill_hits_semantic_score(hits, 0));
                mismatches++;
            }
            grill_hits_free(hits);
        }
    }
    return (void *)mismatches;
}

static int test_threads(const char *dir) {
    grill_kb *kb = NULL;
    grill_model *m = NULL;
    if (grill_kb_open_embedded(&kb) != GRILL_OK || grill_model_open(dir, &m) != GRILL_OK)
        FAIL("open");
    shared_kb = kb;
    shared_model = m;
    for (size_t q = 0; q < NTHREAD_QUERIES; q++) {
        grill_hits *hits = search(kb, m, THREAD_QUERIES[q], NULL, GRILL_SEMANTIC_ON);
        snprintf(expected_first[q], sizeof expected_first[q], "%s", grill_hits_id(hits, 0));
        expected_cosine[q] = grill_hits_semantic_score(hits, 0);
        grill_hits_free(hits);
    }
    pthread_t threads[THREADS];
    for (long t = 0; t < THREADS; t++)
        if (pthread_create(&threads[t], NULL, worker, (void *)t) != 0) FAIL("pthread_create");
    long mismatches = 0;
    for (long t = 0; t < THREADS; t++) {
        void *result = NULL;
        pthread_join(threads[t], &result);
        mismatches += (long)result;
    }
    grill_model_free(m);
    grill_kb_free(kb);
    if (mismatches != 0) FAIL("%ld mismatches between threads", mismatches);
    printf("semantic threads: %d threads x 2 rounds x %zu queries on one grill_model, all identical\n",
           THREADS, NTHREAD_QUERIES);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: semantic MODEL_DIR SCRATCH_DIR [quick]\n");
        return 2;
    }
    const char *dir = argv[1];
    const char *scratch = argv[2];
    int quick = argc > 3 && strcmp(argv[3], "quick") == 0;
    if (argc > 3 && strcmp(argv[3], "threads") == 0) return test_threads(dir);

    test_open_errors(scratch);

    grill_kb *kb = NULL;
    EXPECT(grill_kb_open_embedded(&kb), GRILL_OK);
    grill_model *m = open_model(dir);
    test_search(kb, m);

    /* One model serves several archives, and outlives none of its results. */
    grill_kb *kb2 = NULL;
    EXPECT(grill_kb_open_embedded(&kb2), GRILL_OK);
    grill_hits *hits = search(kb2, m, PARAPHRASE, NULL, GRILL_SEMANTIC_ON);
    grill_kb_free(kb2);
    grill_model_free(m);
    CHECK(streq(grill_hits_id(hits, 0), CASCADING));
    grill_hits_free(hits);

    if (!quick) {
        /* NULL: the default folder ($GRILL_MODEL). */
        grill_model_free(open_model(NULL));
        test_from_bytes(kb, dir);
    }

    grill_kb_free(kb);
    printf("semantic: %d checks passed\n", checks);
    return 0;
}
