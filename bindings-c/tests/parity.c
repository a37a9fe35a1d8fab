/*
 * The parity driver: runs each query of QUERIES (one per line) through
 * grill_search with the default options and prints, per query,
 *
 *   Q <query>
 *   H <id> <score to 4 decimals>                 one per hit, best first
 *   F <id> <relation> <weight to 4 decimals>     follow-ups of the top hit
 *
 * tab-separated, for tests/parity.rs to compare with the library's answers.
 *
 * Usage: parity ARCHIVE QUERIES
 */
#include "grill.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FOLLOW_UPS 5

static int fail(const char *what) {
    fprintf(stderr, "parity: %s: %s\n", what, grill_last_error_message());
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: parity ARCHIVE QUERIES\n");
        return 2;
    }
    grill_kb *kb = NULL;
    if (grill_kb_open_file(argv[1], &kb) != GRILL_OK) return fail("open");
    FILE *in = fopen(argv[2], "r");
    if (!in) {
        perror(argv[2]);
        return 1;
    }
    char line[4096];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = '\0';
        grill_hits *hits = NULL;
        if (grill_search(kb, line, NULL, &hits) != GRILL_OK) return fail(line);
        printf("Q\t%s\n", line);
        size_t n = grill_hits_len(hits);
        for (size_t i = 0; i < n; i++) {
            printf("H\t%s\t%.4f\n", grill_hits_id(hits, i), (double)grill_hits_score(hits, i));
        }
        if (n > 0) {
            grill_hits *next = NULL;
            if (grill_follow_ups(kb, grill_hits_id(hits, 0), FOLLOW_UPS, &next) != GRILL_OK) {
                return fail("follow-ups");
            }
            for (size_t i = 0; i < grill_hits_len(next); i++) {
                printf("F\t%s\t%s\t%.4f\n", grill_hits_id(next, i), grill_hits_relation(next, i),
                       (double)grill_hits_score(next, i));
            }
            grill_hits_free(next);
        }
        grill_hits_free(hits);
    }
    fclose(in);
    grill_kb_free(kb);
    return 0;
}
