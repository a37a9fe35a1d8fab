/*
 * Every function of grill.h and every error path, on the embedded corpus and
 * on an archive file.
 *
 * Usage: api ARCHIVE_FILE SCRATCH_DIR
 *   ARCHIVE_FILE  a valid archive (the embedded corpus, written by the test)
 *   SCRATCH_DIR   a writable directory for a garbage file
 *
 * Run by `cargo test -p grill-c` (tests/c.rs): plain, with
 * -fsanitize=address,undefined, and under valgrind.
 */
#include "check.h"

static int checks = 0;

static int starts_with(const char *s, const char *prefix) {
    return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static unsigned char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) FAIL("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)n);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) FAIL("cannot read %s", path);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_static_strings(void) {
    const char *v = grill_version();
    CHECK(v != NULL && v[0] >= '0' && v[0] <= '9' && strchr(v, '.') != NULL);
    CHECK(streq(grill_status_str(GRILL_OK), "ok"));
    CHECK(streq(grill_status_str(GRILL_ERR_NULL), "null pointer argument"));
    CHECK(streq(grill_status_str(GRILL_ERR_UTF8), "invalid UTF-8"));
    CHECK(streq(grill_status_str(GRILL_ERR_NOT_FOUND), "not found"));
    CHECK(streq(grill_status_str(GRILL_ERR_INVALID_ARCHIVE), "invalid archive"));
    CHECK(streq(grill_status_str(GRILL_ERR_INVALID_ARGUMENT), "invalid argument"));
    CHECK(streq(grill_status_str(GRILL_ERR_IO), "I/O error"));
    CHECK(streq(grill_status_str(GRILL_ERR_PANIC), "internal panic"));
    CHECK(streq(grill_status_str(GRILL_ERR_MODEL), "model error"));
    CHECK(streq(grill_status_str(-1), "unknown status"));
    CHECK(streq(grill_status_str(1000), "unknown status"));
    /* Nothing failed yet on this thread. */
    CHECK(streq(grill_last_error_message(), ""));
}

static grill_kb *test_open_embedded(void) {
    EXPECT_ERR(grill_kb_open_embedded(NULL), GRILL_ERR_NULL, "grill_kb_open_embedded: out is NULL");
    grill_kb *kb = NULL;
    EXPECT(grill_kb_open_embedded(&kb), GRILL_OK);
    CHECK(kb != NULL);
    /* Success leaves the last error as it was, like errno. */
    CHECK(strstr(grill_last_error_message(), "out is NULL") != NULL);

    size_t n = grill_kb_len(kb);
    CHECK(n > 100);
    CHECK(grill_kb_len(NULL) == 0);
    grill_stats stats;
    memset(&stats, 0, sizeof stats);
    EXPECT(grill_kb_stats(kb, &stats), GRILL_OK);
    CHECK(stats.documents >= 5);
    CHECK(stats.topics > 0);
    CHECK(stats.answered > 0);
    CHECK(stats.answered + stats.groups + stats.prompts + stats.sections == n);
    EXPECT_ERR(grill_kb_stats(NULL, &stats), GRILL_ERR_NULL, "kb is NULL");
    EXPECT_ERR(grill_kb_stats(kb, NULL), GRILL_ERR_NULL, "out is NULL");
    return kb;
}

static void test_open_bytes(const char *archive_path, const char *scratch) {
    size_t len = 0;
    unsigned char *bytes = read_file(archive_path, &len);
    grill_kb *kb = POISON(grill_kb *);

    EXPECT_ERR(grill_kb_open(NULL, len, &kb), GRILL_ERR_NULL, "grill_kb_open: bytes is NULL");
    CHECK(kb == NULL);
    EXPECT_ERR(grill_kb_open(NULL, 0, &kb), GRILL_ERR_NULL, "bytes is NULL");
    EXPECT_ERR(grill_kb_open(bytes, len, NULL), GRILL_ERR_NULL, "out is NULL");

    /* Garbage, empty, truncated and corrupted archives. */
    const unsigned char garbage[] = "this is not an archive at all, not even close";
    kb = POISON(grill_kb *);
    EXPECT_ERR(grill_kb_open(garbage, sizeof garbage, &kb), GRILL_ERR_INVALID_ARCHIVE, "not a grill archive");
    CHECK(kb == NULL);
    EXPECT_ERR(grill_kb_open(bytes, 0, &kb), GRILL_ERR_INVALID_ARCHIVE, "grill_kb_open:");
    EXPECT_ERR(grill_kb_open(bytes, len / 2, &kb), GRILL_ERR_INVALID_ARCHIVE, "truncated");
    unsigned char *corrupt = malloc(len);
    memcpy(corrupt, bytes, len);
    corrupt[len - 7] ^= 0x5a;
    EXPECT_ERR(grill_kb_open(corrupt, len, &kb), GRILL_ERR_INVALID_ARCHIVE, "checksum");
    CHECK(kb == NULL);
    free(corrupt);

    /* A valid archive; the bytes are copied, so the buffer may go at once. */
    EXPECT(grill_kb_open(bytes, len, &kb), GRILL_OK);
    memset(bytes, 0, len);
    free(bytes);
    grill_hits *hits = NULL;
    EXPECT(grill_search(kb, "postgresql dynamodb", NULL, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) > 0);
    CHECK(streq(grill_hits_id(hits, 0), "sample-interview-qa/why-postgresql-over-dynamodb"));
    grill_hits_free(hits);
    grill_kb_free(kb);

    /* From a file. */
    kb = POISON(grill_kb *);
    EXPECT_ERR(grill_kb_open_file(NULL, &kb), GRILL_ERR_NULL, "grill_kb_open_file: path is NULL");
    CHECK(kb == NULL);
    EXPECT_ERR(grill_kb_open_file(archive_path, NULL), GRILL_ERR_NULL, "out is NULL");
    char missing[4096];
    snprintf(missing, sizeof missing, "%s/does-not-exist.kb", scratch);
    EXPECT_ERR(grill_kb_open_file(missing, &kb), GRILL_ERR_IO, "does-not-exist.kb");
    CHECK(kb == NULL);
    char junk[4096];
    snprintf(junk, sizeof junk, "%s/junk.kb", scratch);
    FILE *f = fopen(junk, "wb");
    CHECK(f != NULL);
    fwrite(garbage, 1, sizeof garbage, f);
    fclose(f);
    EXPECT_ERR(grill_kb_open_file(junk, &kb), GRILL_ERR_INVALID_ARCHIVE, "junk.kb: not a grill archive");
    remove(junk);
    EXPECT(grill_kb_open_file(archive_path, &kb), GRILL_OK);
    CHECK(grill_kb_len(kb) > 100);
    grill_kb_free(kb);
}

/* Every highlight lies inside its string, on a non-empty range. */
static void check_ranges(const char *s, const grill_range *r, size_t n) {
    size_t len = strlen(s);
    CHECK((n == 0) == (r == NULL));
    for (size_t i = 0; i < n; i++) {
        CHECK(r[i].start < r[i].end);
        CHECK(r[i].end <= len);
    }
}

static void test_search(const grill_kb *kb) {
    grill_hits *hits = POISON(grill_hits *);
    grill_search_options opts = grill_search_options_default();
    CHECK(opts.limit == 10 && opts.offset == 0 && opts.snippet_bytes == 200);
    CHECK(opts.fuzzy && opts.prefix && opts.synonyms);
    CHECK(opts.document == NULL && opts.topic == NULL);

    /* A typo, and the expected best hit. */
    EXPECT(grill_search(kb, "elasticsaerch reindex", NULL, &hits), GRILL_OK);
    size_t n = grill_hits_len(hits);
    CHECK(n > 0 && n <= 10);
    CHECK(streq(grill_hits_id(hits, 0),
                "anticipated-followups/how-do-you-handle-a-reindexing-scenario-with-zero-downtime"));
    CHECK(streq(grill_hits_document(hits, 0), "anticipated-followups"));
    for (size_t i = 0; i < n; i++) {
        CHECK(grill_hits_id(hits, i) != NULL);
        CHECK(grill_hits_question(hits, i) != NULL && grill_hits_question(hits, i)[0] != '\0');
        CHECK(grill_hits_document(hits, i) != NULL);
        CHECK(streq(grill_hits_relation(hits, i), "search"));
        CHECK(streq(grill_hits_reason(hits, i), ""));
        CHECK(grill_hits_score(hits, i) > 0.0f);
        if (i > 0) CHECK(grill_hits_score(hits, i) <= grill_hits_score(hits, i - 1));
        const char *snippet = grill_hits_snippet(hits, i);
        CHECK(snippet != NULL);
        size_t count = 99;
        const grill_range *r = grill_hits_question_highlights(hits, i, &count);
        check_ranges(grill_hits_question(hits, i), r, count);
        r = grill_hits_snippet_highlights(hits, i, &count);
        check_ranges(snippet, r, count);
        /* The count pointer is optional. */
        CHECK(grill_hits_snippet_highlights(hits, i, NULL) == r);
    }
    /* The best hit matched "reindex" in its question. */
    size_t count = 0;
    const grill_range *r = grill_hits_question_highlights(hits, 0, &count);
    CHECK(count >= 1);
    CHECK(strncmp(grill_hits_question(hits, 0) + r[0].start, "reindex", 7) == 0);
    CHECK(strlen(grill_hits_snippet(hits, 0)) > 0);

    /* Out of range and NULL: NULL, 0, no crash. */
    CHECK(grill_hits_id(hits, n) == NULL);
    CHECK(grill_hits_question(hits, n) == NULL);
    CHECK(grill_hits_document(hits, n) == NULL);
    CHECK(grill_hits_snippet(hits, SIZE_MAX) == NULL);
    CHECK(grill_hits_relation(hits, n) == NULL);
    CHECK(grill_hits_reason(hits, n) == NULL);
    CHECK(grill_hits_score(hits, n) == 0.0f);
    count = 99;
    CHECK(grill_hits_question_highlights(hits, n, &count) == NULL && count == 0);
    count = 99;
    CHECK(grill_hits_snippet_highlights(hits, n, &count) == NULL && count == 0);
    CHECK(grill_hits_len(NULL) == 0);
    CHECK(grill_hits_id(NULL, 0) == NULL);
    CHECK(grill_hits_question(NULL, 0) == NULL);
    CHECK(grill_hits_document(NULL, 0) == NULL);
    CHECK(grill_hits_snippet(NULL, 0) == NULL);
    CHECK(grill_hits_relation(NULL, 0) == NULL);
    CHECK(grill_hits_reason(NULL, 0) == NULL);
    CHECK(grill_hits_score(NULL, 0) == 0.0f);
    count = 99;
    CHECK(grill_hits_question_highlights(NULL, 0, &count) == NULL && count == 0);
    CHECK(grill_hits_snippet_highlights(NULL, 0, NULL) == NULL);

    /* Paging: offset 1 starts at the second hit. */
    char second[512];
    snprintf(second, sizeof second, "%s", grill_hits_id(hits, 1));
    grill_hits_free(hits);
    opts.offset = 1;
    opts.limit = 3;
    EXPECT(grill_search(kb, "elasticsaerch reindex", &opts, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) == 3);
    CHECK(streq(grill_hits_id(hits, 0), second));
    grill_hits_free(hits);

    /* No snippets; huge limits and snippet sizes are capped, not allocated. */
    opts = grill_search_options_default();
    opts.snippet_bytes = 0;
    EXPECT(grill_search(kb, "kafka", &opts, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) > 0);
    for (size_t i = 0; i < grill_hits_len(hits); i++) CHECK(streq(grill_hits_snippet(hits, i), ""));
    grill_hits_free(hits);
    opts.limit = SIZE_MAX;
    opts.offset = SIZE_MAX;
    opts.snippet_bytes = SIZE_MAX;
    EXPECT(grill_search(kb, "kafka", &opts, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) == 0);
    grill_hits_free(hits);
    opts.offset = 0;
    EXPECT(grill_search(kb, "kafka", &opts, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) > 10);
    CHECK(strlen(grill_hits_snippet(hits, 0)) <= GRILL_MAX_SNIPPET_BYTES + 16);
    grill_hits_free(hits);
    opts = grill_search_options_default();
    opts.limit = 0;
    EXPECT(grill_search(kb, "kafka", &opts, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) == 0);
    grill_hits_free(hits);

    /* Exact matching only: the typo finds nothing it did before. */
    opts = grill_search_options_default();
    opts.fuzzy = 0;
    opts.prefix = 0;
    opts.synonyms = 0;
    EXPECT(grill_search(kb, "elasticsaerch", &opts, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) == 0);
    grill_hits_free(hits);

    /* Any text is a query: empty, stop words, emoji. */
    EXPECT(grill_search(kb, "", NULL, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) == 0);
    grill_hits_free(hits);
    EXPECT(grill_search(kb, "how do you \xF0\x9F\x98\x80", NULL, &hits), GRILL_OK);
    grill_hits_free(hits);

    /* Scope: a document. */
    opts = grill_search_options_default();
    opts.document = "sample-interview-qa";
    EXPECT(grill_search(kb, "database", &opts, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) > 0);
    for (size_t i = 0; i < grill_hits_len(hits); i++)
        CHECK(streq(grill_hits_document(hits, i), "sample-interview-qa"));
    grill_hits_free(hits);

    /* Scope: the topic of a question finds that question. */
    grill_question *q = NULL;
    EXPECT(grill_question_get(kb, "sample-interview-qa/why-postgresql-over-dynamodb", &q), GRILL_OK);
    CHECK(grill_question_topic(q) != NULL);
    opts = grill_search_options_default();
    opts.topic = grill_question_topic(q);
    EXPECT(grill_search(kb, "postgresql dynamodb", &opts, &hits), GRILL_OK);
    CHECK(streq(grill_hits_id(hits, 0), "sample-interview-qa/why-postgresql-over-dynamodb"));
    grill_hits_free(hits);
    grill_question_free(q);

    /* Errors. */
    hits = POISON(grill_hits *);
    EXPECT_ERR(grill_search(NULL, "kafka", NULL, &hits), GRILL_ERR_NULL, "grill_search: kb is NULL");
    CHECK(hits == NULL);
    hits = POISON(grill_hits *);
    EXPECT_ERR(grill_search(kb, NULL, NULL, &hits), GRILL_ERR_NULL, "grill_search: query is NULL");
    CHECK(hits == NULL);
    EXPECT_ERR(grill_search(kb, "kafka", NULL, NULL), GRILL_ERR_NULL, "grill_search: out is NULL");
    hits = POISON(grill_hits *);
    EXPECT_ERR(grill_search(kb, "kafka \xff\xfe", NULL, &hits), GRILL_ERR_UTF8, "query is not valid UTF-8");
    CHECK(hits == NULL);
    opts = grill_search_options_default();
    opts.document = "no-such-document";
    EXPECT_ERR(grill_search(kb, "kafka", &opts, &hits), GRILL_ERR_NOT_FOUND, "no-such-document");
    CHECK(hits == NULL);
    opts.document = "bad \xc3\x28 slug";
    EXPECT_ERR(grill_search(kb, "kafka", &opts, &hits), GRILL_ERR_UTF8, "opts->document is not valid UTF-8");
    opts = grill_search_options_default();
    opts.topic = "no-such-topic";
    EXPECT_ERR(grill_search(kb, "kafka", &opts, &hits), GRILL_ERR_NOT_FOUND, "no-such-topic");
    opts.topic = "\x80";
    EXPECT_ERR(grill_search(kb, "kafka", &opts, &hits), GRILL_ERR_UTF8, "opts->topic is not valid UTF-8");
    opts.topic = "x";
    opts.document = "sample-interview-qa";
    EXPECT_ERR(grill_search(kb, "kafka", &opts, &hits), GRILL_ERR_INVALID_ARGUMENT, "both set");
    CHECK(hits == NULL);
}

static const char *ES = "anticipated-followups/why-elasticsearch-over-other-solutions";

static void test_question(const grill_kb *kb) {
    grill_question *q = POISON(grill_question *);
    EXPECT(grill_question_get(kb, "sample-interview-qa/why-postgresql-over-dynamodb", &q), GRILL_OK);
    CHECK(streq(grill_question_id(q), "sample-interview-qa/why-postgresql-over-dynamodb"));
    CHECK(streq(grill_question_prompt(q), "Why PostgreSQL over DynamoDB?"));
    CHECK(grill_question_answer(q) != NULL);
    CHECK(strstr(grill_question_answer(q), "strong consistency") != NULL);
    CHECK(grill_question_kind(q) == GRILL_KIND_ANSWERED);
    CHECK(streq(grill_question_document(q), "sample-interview-qa"));
    CHECK(grill_question_document_title(q) != NULL && grill_question_document_title(q)[0] != '\0');
    CHECK(grill_question_line(q) > 0);
    size_t depth = grill_question_path_len(q);
    CHECK(depth > 0);
    /* The joined path is the headings with " › " between them. */
    char joined[1024] = "";
    for (size_t i = 0; i < depth; i++) {
        if (i > 0) strcat(joined, " \xe2\x80\xba ");
        strcat(joined, grill_question_path_at(q, i));
    }
    CHECK(streq(grill_question_path(q), joined));
    CHECK(grill_question_path_at(q, depth) == NULL);
    CHECK(grill_question_topic(q) != NULL);
    /* Optional fields may be NULL; reading them must be safe. */
    (void)grill_question_title(q);
    (void)grill_question_testing(q);
    (void)grill_question_follow_up_details(q);
    CHECK(grill_question_child(q, grill_question_children_len(q)) == NULL);
    grill_question_free(q);

    /* A question with follow-ups grouped under it, and one of them. */
    EXPECT(grill_question_get(kb, ES, &q), GRILL_OK);
    size_t children = grill_question_children_len(q);
    CHECK(children >= 3);
    char child[512];
    snprintf(child, sizeof child, "%s", grill_question_child(q, 0));
    CHECK(grill_question_parent(q) == NULL);
    grill_question_free(q);
    EXPECT(grill_question_get(kb, child, &q), GRILL_OK);
    CHECK(streq(grill_question_parent(q), ES));
    CHECK(streq(grill_question_prompt(q), "Why not use Redis for caching instead of ES?"));
    grill_question_free(q);

    /* NULL question: NULL, 0, INVALID. */
    CHECK(grill_question_id(NULL) == NULL);
    CHECK(grill_question_prompt(NULL) == NULL);
    CHECK(grill_question_title(NULL) == NULL);
    CHECK(grill_question_answer(NULL) == NULL);
    CHECK(grill_question_testing(NULL) == NULL);
    CHECK(grill_question_follow_up_details(NULL) == NULL);
    CHECK(grill_question_kind(NULL) == GRILL_KIND_INVALID);
    CHECK(grill_question_document(NULL) == NULL);
    CHECK(grill_question_document_title(NULL) == NULL);
    CHECK(grill_question_topic(NULL) == NULL);
    CHECK(grill_question_path(NULL) == NULL);
    CHECK(grill_question_path_len(NULL) == 0);
    CHECK(grill_question_path_at(NULL, 0) == NULL);
    CHECK(grill_question_line(NULL) == 0);
    CHECK(grill_question_parent(NULL) == NULL);
    CHECK(grill_question_children_len(NULL) == 0);
    CHECK(grill_question_child(NULL, 0) == NULL);

    /* Errors. */
    q = POISON(grill_question *);
    EXPECT_ERR(grill_question_get(kb, "no/such-question", &q), GRILL_ERR_NOT_FOUND,
               "grill_question_get: no question with id \"no/such-question\"");
    CHECK(q == NULL);
    EXPECT_ERR(grill_question_get(NULL, ES, &q), GRILL_ERR_NULL, "kb is NULL");
    EXPECT_ERR(grill_question_get(kb, NULL, &q), GRILL_ERR_NULL, "id is NULL");
    EXPECT_ERR(grill_question_get(kb, ES, NULL), GRILL_ERR_NULL, "out is NULL");
    EXPECT_ERR(grill_question_get(kb, "\xed\xa0\x80", &q), GRILL_ERR_UTF8, "id is not valid UTF-8");
    CHECK(q == NULL);
}

static void test_graph(const grill_kb *kb) {
    grill_question *q = NULL;
    EXPECT(grill_question_get(kb, ES, &q), GRILL_OK);
    size_t children = grill_question_children_len(q);

    /* Follow-ups start with the follow-ups grouped under the question. */
    grill_hits *hits = POISON(grill_hits *);
    EXPECT(grill_follow_ups(kb, ES, 8, &hits), GRILL_OK);
    size_t n = grill_hits_len(hits);
    CHECK(n > children && n <= 8);
    for (size_t i = 0; i < children; i++) {
        CHECK(streq(grill_hits_id(hits, i), grill_question_child(q, i)));
        CHECK(streq(grill_hits_relation(hits, i), "follow_up"));
    }
    for (size_t i = 0; i < n; i++) {
        CHECK(!streq(grill_hits_id(hits, i), ES));
        CHECK(grill_hits_score(hits, i) > 0.0f && grill_hits_score(hits, i) <= 1.0f);
        CHECK(grill_hits_reason(hits, i) != NULL && grill_hits_reason(hits, i)[0] != '\0');
        CHECK(grill_hits_relation(hits, i) != NULL);
        CHECK(grill_hits_question(hits, i) != NULL);
        CHECK(grill_hits_document(hits, i) != NULL);
        CHECK(streq(grill_hits_snippet(hits, i), ""));
        size_t count = 99;
        CHECK(grill_hits_question_highlights(hits, i, &count) == NULL && count == 0);
    }
    grill_hits_free(hits);
    grill_question_free(q);
    EXPECT(grill_follow_ups(kb, ES, 0, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) == 0);
    grill_hits_free(hits);
    EXPECT(grill_follow_ups(kb, ES, SIZE_MAX, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) > 8);
    grill_hits_free(hits);

    /* Related and same-as. */
    EXPECT(grill_related(kb, "sample-interview-qa/why-postgresql-over-dynamodb", 5, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) <= 5);
    for (size_t i = 0; i < grill_hits_len(hits); i++) CHECK(streq(grill_hits_relation(hits, i), "related"));
    grill_hits_free(hits);
    EXPECT(grill_related(kb, ES, SIZE_MAX, &hits), GRILL_OK);
    grill_hits_free(hits);
    EXPECT(grill_same_as(kb, ES, &hits), GRILL_OK);
    for (size_t i = 0; i < grill_hits_len(hits); i++)
        CHECK(streq(grill_hits_relation(hits, i), "same_question"));
    grill_hits_free(hits);

    /* A mock interview opens with its start. */
    EXPECT(grill_mock_interview(kb, ES, 4, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) >= 1 && grill_hits_len(hits) <= 4);
    CHECK(streq(grill_hits_id(hits, 0), ES));
    grill_hits_free(hits);
    EXPECT(grill_mock_interview(kb, "", 3, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) == 3);
    grill_hits_free(hits);

    /* Errors, for every graph function. */
    const char *unknown = "anticipated-followups/no-such-question";
    hits = POISON(grill_hits *);
    EXPECT_ERR(grill_follow_ups(kb, unknown, 5, &hits), GRILL_ERR_NOT_FOUND,
               "grill_follow_ups: no question with id \"anticipated-followups/no-such-question\"");
    CHECK(hits == NULL);
    EXPECT_ERR(grill_related(kb, unknown, 5, &hits), GRILL_ERR_NOT_FOUND, "grill_related: no question");
    EXPECT_ERR(grill_same_as(kb, unknown, &hits), GRILL_ERR_NOT_FOUND, "grill_same_as: no question");
    EXPECT_ERR(grill_mock_interview(kb, unknown, 3, &hits), GRILL_ERR_NOT_FOUND,
               "grill_mock_interview: no question or topic with id \"anticipated-followups/no-such-question\" to start");
    CHECK(hits == NULL);
    EXPECT_ERR(grill_follow_ups(NULL, ES, 5, &hits), GRILL_ERR_NULL, "kb is NULL");
    EXPECT_ERR(grill_follow_ups(kb, NULL, 5, &hits), GRILL_ERR_NULL, "id is NULL");
    EXPECT_ERR(grill_follow_ups(kb, ES, 5, NULL), GRILL_ERR_NULL, "out is NULL");
    EXPECT_ERR(grill_follow_ups(kb, "\xff", 5, &hits), GRILL_ERR_UTF8, "id is not valid UTF-8");
    EXPECT_ERR(grill_related(NULL, ES, 5, &hits), GRILL_ERR_NULL, "kb is NULL");
    EXPECT_ERR(grill_related(kb, NULL, 5, &hits), GRILL_ERR_NULL, "id is NULL");
    EXPECT_ERR(grill_related(kb, ES, 5, NULL), GRILL_ERR_NULL, "out is NULL");
    EXPECT_ERR(grill_related(kb, "\xff", 5, &hits), GRILL_ERR_UTF8, "not valid UTF-8");
    EXPECT_ERR(grill_same_as(NULL, ES, &hits), GRILL_ERR_NULL, "kb is NULL");
    EXPECT_ERR(grill_same_as(kb, NULL, &hits), GRILL_ERR_NULL, "id is NULL");
    EXPECT_ERR(grill_same_as(kb, ES, NULL), GRILL_ERR_NULL, "out is NULL");
    EXPECT_ERR(grill_same_as(kb, "\xff", &hits), GRILL_ERR_UTF8, "not valid UTF-8");
    EXPECT_ERR(grill_mock_interview(NULL, ES, 3, &hits), GRILL_ERR_NULL, "kb is NULL");
    EXPECT_ERR(grill_mock_interview(kb, NULL, 3, &hits), GRILL_ERR_NULL, "start is NULL");
    EXPECT_ERR(grill_mock_interview(kb, ES, 3, NULL), GRILL_ERR_NULL, "out is NULL");
    EXPECT_ERR(grill_mock_interview(kb, "\xff", 3, &hits), GRILL_ERR_UTF8, "start is not valid UTF-8");
    CHECK(hits == NULL);
}

static int has_relation(const grill_hits *hits, const char *relation) {
    for (size_t i = 0; i < grill_hits_len(hits); i++)
        if (streq(grill_hits_relation(hits, i), relation)) return 1;
    return 0;
}

static void test_study(const grill_kb *kb) {
    const int64_t now = 1700000000;
    const int64_t day = 86400;

    /* A new learner gets new questions. */
    grill_hits *hits = POISON(grill_hits *);
    EXPECT(grill_recommend(kb, NULL, now, 5, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) == 5);
    for (size_t i = 0; i < 5; i++) {
        const char *rel = grill_hits_relation(hits, i);
        CHECK(streq(rel, "new") || streq(rel, "new_topic") || streq(rel, "new_concept") ||
              streq(rel, "follow_up"));
        CHECK(grill_hits_score(hits, i) == 0.0f);
        CHECK(grill_hits_reason(hits, i) != NULL && grill_hits_reason(hits, i)[0] != '\0');
    }
    char first[512];
    snprintf(first, sizeof first, "%s", grill_hits_id(hits, 0));
    grill_hits_free(hits);
    EXPECT(grill_recommend(kb, "", now, 5, &hits), GRILL_OK);
    CHECK(streq(grill_hits_id(hits, 0), first));
    grill_hits_free(hits);

    /* Review it; the state comes back as text. */
    char *state = POISON(char *);
    EXPECT(grill_study_review(NULL, first, 3, now, &state), GRILL_OK);
    CHECK(starts_with(state, "grill-study 1\n"));
    CHECK(strstr(state, first) != NULL);
    char *state2 = NULL;
    EXPECT(grill_study_review(state, ES, 4, now + 60, &state2), GRILL_OK);
    CHECK(strstr(state2, first) != NULL && strstr(state2, ES) != NULL);
    char *fresh = NULL;
    EXPECT(grill_study_review("", ES, 1, now, &fresh), GRILL_OK);
    CHECK(starts_with(fresh, "grill-study 1\n") && strstr(fresh, ES) != NULL);
    grill_string_free(fresh);

    /* A month later the reviews are due, with their chance of recall. */
    EXPECT(grill_recommend(kb, state2, now + 30 * day, 5, &hits), GRILL_OK);
    CHECK(has_relation(hits, "due"));
    for (size_t i = 0; i < grill_hits_len(hits); i++) {
        if (streq(grill_hits_relation(hits, i), "due")) {
            CHECK(grill_hits_score(hits, i) > 0.0f && grill_hits_score(hits, i) < 1.0f);
            CHECK(starts_with(grill_hits_reason(hits, i), "due for review"));
        }
    }
    grill_hits_free(hits);

    /* Errors. */
    char *bad = POISON(char *);
    EXPECT_ERR(grill_study_review(state, first, 0, now, &bad), GRILL_ERR_INVALID_ARGUMENT, "rating 0 is not 1");
    CHECK(bad == NULL);
    EXPECT_ERR(grill_study_review(state, first, 5, now, &bad), GRILL_ERR_INVALID_ARGUMENT, "rating 5");
    EXPECT_ERR(grill_study_review(state, first, -1, now, &bad), GRILL_ERR_INVALID_ARGUMENT, "rating -1");
    EXPECT_ERR(grill_study_review(state, NULL, 3, now, &bad), GRILL_ERR_NULL, "grill_study_review: id is NULL");
    EXPECT_ERR(grill_study_review(state, first, 3, now, NULL), GRILL_ERR_NULL, "out_state_text is NULL");
    EXPECT_ERR(grill_study_review(state, "a\tb", 3, now, &bad), GRILL_ERR_INVALID_ARGUMENT, "tab or line break");
    EXPECT_ERR(grill_study_review(state, "", 3, now, &bad), GRILL_ERR_INVALID_ARGUMENT, "empty");
    EXPECT_ERR(grill_study_review(state, "\xff", 3, now, &bad), GRILL_ERR_UTF8, "id is not valid UTF-8");
    EXPECT_ERR(grill_study_review("\xff", first, 3, now, &bad), GRILL_ERR_UTF8, "state_text is not valid UTF-8");
    EXPECT_ERR(grill_study_review("not a state", first, 3, now, &bad), GRILL_ERR_INVALID_ARGUMENT,
               "study state, line 1: expected the header `grill-study 1`");
    CHECK(bad == NULL);
    hits = POISON(grill_hits *);
    EXPECT_ERR(grill_recommend(kb, "grill-study 1\nbroken line\n", now, 5, &hits), GRILL_ERR_INVALID_ARGUMENT,
               "grill_recommend: study state, line 2: expected 7 tab-separated fields");
    CHECK(hits == NULL);
    EXPECT_ERR(grill_recommend(kb, "\xc0", now, 5, &hits), GRILL_ERR_UTF8, "state_text is not valid UTF-8");
    EXPECT_ERR(grill_recommend(NULL, state, now, 5, &hits), GRILL_ERR_NULL, "kb is NULL");
    EXPECT_ERR(grill_recommend(kb, state, now, 5, NULL), GRILL_ERR_NULL, "out is NULL");
    EXPECT(grill_recommend(kb, state, now, SIZE_MAX, &hits), GRILL_OK);
    CHECK(grill_hits_len(hits) == grill_kb_len(kb) || grill_hits_len(hits) > 100);
    grill_hits_free(hits);

    grill_string_free(state);
    grill_string_free(state2);
}

/* Results own their strings: they outlive the knowledge base. */
static void test_results_outlive_kb(void) {
    grill_kb *kb = NULL;
    EXPECT(grill_kb_open_embedded(&kb), GRILL_OK);
    grill_hits *hits = NULL;
    grill_question *q = NULL;
    EXPECT(grill_search(kb, "kafka exactly once", NULL, &hits), GRILL_OK);
    EXPECT(grill_question_get(kb, ES, &q), GRILL_OK);
    grill_kb_free(kb);
    CHECK(grill_hits_len(hits) > 0);
    CHECK(strlen(grill_hits_question(hits, 0)) > 0);
    CHECK(strlen(grill_hits_snippet(hits, 0)) > 0);
    CHECK(streq(grill_question_id(q), ES));
    grill_hits_free(hits);
    grill_question_free(q);
}

static void test_free_null(void) {
    grill_kb_free(NULL);
    grill_hits_free(NULL);
    grill_question_free(NULL);
    grill_string_free(NULL);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s ARCHIVE_FILE SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    test_static_strings();
    grill_kb *kb = test_open_embedded();
    test_open_bytes(argv[1], argv[2]);
    test_search(kb);
    test_question(kb);
    test_graph(kb);
    test_study(kb);
    grill_kb_free(kb);
    test_results_outlive_kb();
    test_free_null();
    printf("api: %d checks passed (grill %s)\n", checks, grill_version());
    return 0;
}
