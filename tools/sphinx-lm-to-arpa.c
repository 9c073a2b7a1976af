/*
 * sphinx-lm-to-arpa: writes a CMU Sphinx trie language model (.lm.bin, e.g. Debian's
 * pocketsphinx-en-us en-us.lm.bin) as an ARPA file, and scores sentences with Sphinx's own code so
 * that another reader of the ARPA file can be checked against it.
 *
 * Why: Debian's sphinx_lm_convert (sphinxbase 0.8+5prealpha) aborts on en-us.lm.bin
 * ("ngram_model_trie_write_arpa: Assertion `raw_ngram_idx == base->n_counts[i - 1]' failed"):
 * the file's header declares 2051547 bigrams, its trie holds fewer (CMU Sphinx pocketsphinx issue 502).
 * This tool walks the trie with the library's exported lm_trie_fill_raw_ngram, as the converter does,
 * and writes the counts it actually finds.
 *
 * The trie structures are internal to libsphinxbase; the two used here are declared below as the
 * Debian build lays them out (checked by disassembling ngram_model_trie_write_arpa: a raw n-gram is
 * 24 bytes, the words pointer first and the probability at offset 8; the trie's unigram array is its
 * third field). Build and use (Debian: apt-get install gcc libsphinxbase-dev pocketsphinx-en-us):
 *
 *   gcc -O2 -o sphinx-lm-to-arpa tools/sphinx-lm-to-arpa.c -I/usr/include/x86_64-linux-gnu/sphinxbase -lsphinxbase
 *   ./sphinx-lm-to-arpa convert en-us.lm.bin en-us.arpa
 *   ./sphinx-lm-to-arpa score en-us.lm.bin < sentences.txt     # ln P(words </s> | <s>) per line
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <math.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/ngram_model.h>

typedef struct { uint32_t *words; float prob; float backoff; uint32_t order; } raw_ngram_t;
typedef struct { float prob; float bo; uint32_t next; } unigram_t;
typedef struct { uint8_t *mem; size_t mem_size; unigram_t *unigrams; } trie_head_t;
typedef struct { uint32_t begin; uint32_t end; } node_range_t;

extern void *lm_trie_read_bin(uint32_t *counts, int order, FILE *fp);
extern void lm_trie_fill_raw_ngram(void *trie, raw_ngram_t *raw, uint32_t *idx, uint32_t *counts,
                                   node_range_t range, uint32_t *hist, int n_hist, int order, int max_order);

static const char HEADER[] = "Trie Language Model";

static int order_of(const raw_ngram_t *a, const raw_ngram_t *b, int n) {
    for (int i = 0; i < n; i++) {
        if (a->words[i] != b->words[i]) return a->words[i] < b->words[i] ? -1 : 1;
    }
    return 0;
}

static int sort_n;
static int compare(const void *a, const void *b) { return order_of(a, b, sort_n); }

static int convert(const char *in, const char *out) {
    FILE *fp = fopen(in, "rb");
    if (!fp) { fprintf(stderr, "cannot open %s\n", in); return 2; }
    char hdr[sizeof HEADER];
    uint8_t order;
    uint32_t counts[10];
    if (fread(hdr, 1, strlen(HEADER), fp) != strlen(HEADER) || memcmp(hdr, HEADER, strlen(HEADER)) != 0
        || fread(&order, 1, 1, fp) != 1 || order < 1 || order > 9) {
        fprintf(stderr, "%s: not a Sphinx trie language model\n", in);
        return 2;
    }
    for (int i = 0; i < order; i++) {
        if (fread(&counts[i], 4, 1, fp) != 1) { fprintf(stderr, "%s: truncated header\n", in); return 2; }
    }
    trie_head_t *trie = lm_trie_read_bin(counts, order, fp);
    int32_t k;
    if (fread(&k, 4, 1, fp) != 1 || k <= 0) { fprintf(stderr, "%s: no word strings\n", in); return 2; }
    char *strings = malloc((size_t) k);
    if (fread(strings, 1, (size_t) k, fp) != (size_t) k) { fprintf(stderr, "%s: truncated words\n", in); return 2; }
    fclose(fp);
    char **word = malloc(counts[0] * sizeof *word);
    for (uint32_t i = 0, j = 0; i < counts[0]; i++) { word[i] = strings + j; j += strlen(word[i]) + 1; }

    uint32_t actual[10];
    raw_ngram_t *raw[10];
    actual[0] = counts[0];
    for (int n = 2; n <= order; n++) {
        /* room for twice the declared count: the walk has no bound of its own */
        raw[n] = calloc(2 * (size_t) counts[n - 1] + 16, sizeof(raw_ngram_t));
        uint32_t idx = 0, hist[10];
        node_range_t none = {0, 0};
        lm_trie_fill_raw_ngram(trie, raw[n], &idx, counts, none, hist, 0, n, order);
        actual[n - 1] = idx;
        if (idx != counts[n - 1]) {
            fprintf(stderr, "note: the header declares %u %d-grams, the trie holds %u; writing %u\n",
                    counts[n - 1], n, idx, idx);
        }
        sort_n = n;
        qsort(raw[n], idx, sizeof(raw_ngram_t), compare);
    }
    FILE *o = fopen(out, "w");
    if (!o) { fprintf(stderr, "cannot write %s\n", out); return 2; }
    fprintf(o, "ARPA form of %s written by tools/sphinx-lm-to-arpa.c (counts as found in the trie)\n\n\\data\\\n", in);
    for (int n = 1; n <= order; n++) fprintf(o, "ngram %d=%u\n", n, actual[n - 1]);
    fprintf(o, "\n\\1-grams:\n");
    /* the trie holds log values in the base of the logmath it was built with (Sphinx's 1.0001) */
    logmath_t *lmath = logmath_init(1.0001, 0, 0);
#define LOG10(x) logmath_log_float_to_log10(lmath, (x))
    for (uint32_t i = 0; i < counts[0]; i++) {
        fprintf(o, "%.6f\t%s", LOG10(trie->unigrams[i].prob), word[i]);
        if (order > 1) fprintf(o, "\t%.6f", LOG10(trie->unigrams[i].bo));
        fprintf(o, "\n");
    }
    for (int n = 2; n <= order; n++) {
        fprintf(o, "\n\\%d-grams:\n", n);
        for (uint32_t j = 0; j < actual[n - 1]; j++) {
            raw_ngram_t *r = &raw[n][j];
            fprintf(o, "%.6f", LOG10(r->prob));
            for (int i = 0; i < n; i++) fprintf(o, "%c%s", i == 0 ? '\t' : ' ', word[r->words[i]]);
            if (n < order) fprintf(o, "\t%.6f", LOG10(r->backoff));
            fprintf(o, "\n");
        }
    }
    fprintf(o, "\n\\end\\\n");
    return fclose(o) == 0 ? 0 : 1;
}

/* ln P(w1 .. wn </s> | <s>) by Sphinx's scorer, one line per input line */
static int score(const char *in) {
    logmath_t *lmath = logmath_init(1.0001, 0, 0);
    ngram_model_t *lm = ngram_model_read(NULL, in, NGRAM_AUTO, lmath);
    if (!lm) { fprintf(stderr, "cannot read %s\n", in); return 2; }
    char line[65536];
    while (fgets(line, sizeof line, stdin)) {
        const char *w[512];
        int n = 0;
        w[n++] = "<s>";
        for (char *t = strtok(line, " \t\r\n"); t && n < 510; t = strtok(NULL, " \t\r\n")) w[n++] = t;
        w[n++] = "</s>";
        double sum = 0;
        for (int i = 1; i < n; i++) {
            /* ngram_prob takes the word then its history, most recent first */
            const char *q[8];
            int m = 0;
            for (int j = i; j >= 0 && m < ngram_model_get_size(lm); j--) q[m++] = w[j];
            sum += logmath_log_to_ln(lmath, ngram_prob(lm, q, m));
        }
        printf("%.6f\n", sum);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "convert") == 0) return convert(argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "score") == 0) return score(argv[2]);
    fprintf(stderr, "usage: %s convert IN.lm.bin OUT.arpa | score IN.lm.bin < sentences\n", argv[0]);
    return 2;
}
