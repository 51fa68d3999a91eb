/* User query -> FTS5 MATCH expression: a small lexer (words, phrases,
 * prefixes, OR/AND/NOT, parentheses) and a recursive-descent parser that
 * writes a fully parenthesised expression in which every term is quoted. */
#include "text/fts_query.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/fold.h"
#include "text/fts_tokenizer.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/xalloc.h"

enum tok_kind { T_END, T_TERM, T_OR, T_AND, T_NOT, T_LPAREN, T_RPAREN };

struct parser {
    const char *p;      /* cursor in the sanitised query */
    enum tok_kind kind; /* current token */
    char *term;         /* its text for T_TERM (owned) */
    bool prefix;        /* T_TERM ended with '*' */
    bool phrase;        /* T_TERM was quoted */
    int terms;
    int depth;
    struct buf out;
};

static bool is_space(unsigned char c)
{
    return c <= ' ';
}

/* Returns true when the text has a letter or a digit. */
static bool has_word_char(const char *s, size_t n)
{
    for (utf8proc_ssize_t i = 0; (size_t)i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t len =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &cp);
        if (len <= 0)
            return false;
        utf8proc_category_t cat = utf8proc_category(cp);
        if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
            (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO))
            return true;
        i += len;
    }
    return false;
}

/* Reads a quoted phrase starting after its opening '"'. */
static void lex_phrase(struct parser *ps)
{
    const char *end = strchr(ps->p, '"');
    size_t n = end ? (size_t)(end - ps->p) : strlen(ps->p);
    ps->term = xstrndup(ps->p, n);
    ps->phrase = true;
    ps->p += n + (end ? 1 : 0);
    if (*ps->p == '*') {
        ps->prefix = true;
        while (*ps->p == '*')
            ps->p++;
    }
}

/* Reads a bare word or operator. */
static void lex_word(struct parser *ps)
{
    size_t n = strcspn(ps->p, " \"()");
    const char *w = ps->p;
    ps->p += n;
    if (n == 2 && memcmp(w, "OR", 2) == 0)
        ps->kind = T_OR;
    else if (n == 3 && memcmp(w, "AND", 3) == 0)
        ps->kind = T_AND;
    else if (n == 3 && memcmp(w, "NOT", 3) == 0)
        ps->kind = T_NOT;
    else {
        while (n > 0 && w[n - 1] == '*') {
            ps->prefix = true;
            n--;
        }
        ps->term = xstrndup(w, n);
    }
}

/* Advances to the next token, skipping words with nothing searchable. */
static void next(struct parser *ps)
{
    for (;;) {
        free(ps->term);
        ps->term = NULL;
        ps->prefix = false;
        ps->phrase = false;
        while (*ps->p && is_space((unsigned char)*ps->p))
            ps->p++;
        char c = *ps->p;
        ps->kind = c == 0 ? T_END : c == '(' ? T_LPAREN : c == ')' ? T_RPAREN : T_TERM;
        if (ps->kind != T_TERM) {
            if (c)
                ps->p++;
            return;
        }
        if (c == '"') {
            ps->p++;
            lex_phrase(ps);
        } else {
            lex_word(ps);
        }
        if (ps->kind != T_TERM || has_word_char(ps->term, strlen(ps->term)))
            return;
    }
}

/* Appends s as an FTS5 string ('"' doubled), after marker when given. */
static herald_rc put_string(struct buf *b, const char *s, bool exact, bool prefix)
{
    herald_rc rc = buf_putc(b, '"');
    if (rc == HERALD_OK && exact)
        rc = buf_putc(b, FTS_TOKENIZER_EXACT_MARK);
    for (const char *q = s; rc == HERALD_OK && *q; q++)
        rc = *q == '"' ? buf_puts(b, "\"\"") : buf_putc(b, *q);
    if (rc == HERALD_OK)
        rc = buf_puts(b, prefix ? "\"*" : "\"");
    return rc;
}

/* Returns true when the loose fold of s differs from its exact fold. */
static bool needs_exact(const char *s)
{
    struct fold_ctx *fc = fold_ctx_new();
    struct fold_pair f;
    fold_ctx_both(&f, fc, s, strlen(s));
    bool differs = f.loose != f.exact;
    fold_ctx_free(fc);
    return differs;
}

/* The words of a phrase as the tokenizer sees them in an exact query. */
struct phrase_words {
    int n;
    struct buf exact; /* the marked exact forms, as quoted strings ANDed */
};

static int note_word(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
    struct phrase_words *w = ctx;
    w->n++;
    if (ntok < 1 || tok[0] != FTS_TOKENIZER_EXACT_MARK)
        return SQLITE_OK;
    char *word = xstrndup(tok + 1, (size_t)ntok - 1);
    herald_rc rc = buf_puts(&w->exact, " AND ");
    if (rc == HERALD_OK)
        rc = put_string(&w->exact, word, true, false);
    free(word);
    return rc == HERALD_OK ? SQLITE_OK : SQLITE_ERROR;
}

/* Writes a phrase of two or more words without a sentence end as the
 * phrase of its word pairs (one short doclist per pair, see
 * fts_tokenizer.h); with diacritics, the exact forms of its words boost:
 * ("\x02a b" OR ("\x02a b" AND "\x01â" AND ...)). Sets *done to false
 * and writes nothing when the phrase does not qualify. */
static herald_rc put_pairs(struct parser *ps, bool plain, bool *done)
{
    struct phrase_words w = {0};
    buf_init(&w.exact, 16 * FTS_QUERY_MAX_BYTES);
    char *marked = xasprintf("%c%s", FTS_TOKENIZER_EXACT_MARK, ps->term);
    herald_rc rc = fts_tokenizer_run(marked, strlen(marked), FTS5_TOKENIZE_QUERY, note_word, &w);
    *done = rc == HERALD_OK && w.n >= 2;
    if (!*done)
        goto done;
    bool boost = !plain && w.exact.len > 0;
    struct buf *b = &ps->out;
    rc = boost ? buf_putc(b, '(') : HERALD_OK;
    for (int i = 0; i < (boost ? 2 : 1) && rc == HERALD_OK; i++) {
        if (i == 1)
            rc = buf_puts(b, " OR (");
        if (rc == HERALD_OK)
            rc = buf_putc(b, '"');
        if (rc == HERALD_OK)
            rc = buf_putc(b, FTS_TOKENIZER_PAIR_MARK);
        if (rc == HERALD_OK)
            rc = buf_puts(b, ps->term);
        if (rc == HERALD_OK)
            rc = buf_putc(b, '"');
    }
    if (rc == HERALD_OK && boost) {
        rc = buf_puts(b, w.exact.data);
        if (rc == HERALD_OK)
            rc = buf_puts(b, "))");
    }
done:
    free(marked);
    buf_free(&w.exact);
    return rc;
}

/* Writes the current term, with the exact-form boost unless plain. A
 * prefix term stays folded only: the marked exact form is one character
 * longer than the prefix index covers, so FTS5 would merge every matching
 * term's list (p99 140 ms at 1M articles). A phrase becomes word pairs
 * (put_pairs()) unless it is a prefix or holds a sentence end. */
static herald_rc put_term(struct parser *ps, bool plain)
{
    if (++ps->terms > FTS_QUERY_MAX_TERMS)
        return herald_error_set(HERALD_ETOOBIG, "query has more than %d words or phrases",
                                FTS_QUERY_MAX_TERMS);
    if (ps->phrase && !ps->prefix && !fts_tokenizer_has_boundary(ps->term, strlen(ps->term))) {
        bool done = false;
        herald_rc rc = put_pairs(ps, plain, &done);
        if (rc != HERALD_OK || done)
            return rc;
    }
    if (plain || ps->prefix || !needs_exact(ps->term))
        return put_string(&ps->out, ps->term, false, ps->prefix);
    herald_rc rc = buf_putc(&ps->out, '(');
    if (rc == HERALD_OK)
        rc = put_string(&ps->out, ps->term, false, ps->prefix);
    if (rc == HERALD_OK)
        rc = buf_puts(&ps->out, " OR ");
    if (rc == HERALD_OK)
        rc = put_string(&ps->out, ps->term, true, ps->prefix);
    if (rc == HERALD_OK)
        rc = buf_putc(&ps->out, ')');
    return rc;
}

static herald_rc parse_or(struct parser *ps);

static const char *kind_name(enum tok_kind k)
{
    return k == T_OR ? "OR" : k == T_AND ? "AND" : "NOT";
}

/* primary := term | '(' or ')' */
static herald_rc parse_primary(struct parser *ps, bool plain)
{
    herald_rc rc = HERALD_OK;
    switch (ps->kind) {
    case T_TERM:
        rc = put_term(ps, plain);
        next(ps);
        return rc;
    case T_LPAREN:
        if (++ps->depth > FTS_QUERY_MAX_DEPTH)
            return herald_error_set(HERALD_EINVAL, "parentheses nested deeper than %d",
                                    FTS_QUERY_MAX_DEPTH);
        next(ps);
        if (ps->kind == T_RPAREN)
            return herald_error_set(HERALD_EINVAL, "empty parentheses in query");
        rc = parse_or(ps);
        if (rc == HERALD_OK && ps->kind != T_RPAREN)
            rc = herald_error_set(HERALD_EINVAL, "unbalanced parenthesis in query: missing ')'");
        ps->depth--;
        next(ps);
        return rc;
    case T_RPAREN:
        return herald_error_set(HERALD_EINVAL, "unbalanced parenthesis in query: extra ')'");
    case T_END:
        return herald_error_set(HERALD_EINVAL, "query ends where a word was expected");
    default:
        return herald_error_set(HERALD_EINVAL, "%s must stand between two words or phrases",
                                kind_name(ps->kind));
    }
}

/* Writes "(first OP rest...)" when an operator follows, else first alone:
 * the operand before the operator is already in ps->out from `mark`. */
static herald_rc wrap_open(struct parser *ps, size_t mark)
{
    /* insert '(' at mark: shift the operand right by one byte */
    herald_rc rc = buf_putc(&ps->out, ' ');
    if (rc != HERALD_OK)
        return rc;
    memmove(ps->out.data + mark + 1, ps->out.data + mark, ps->out.len - mark - 1);
    ps->out.data[mark] = '(';
    return HERALD_OK;
}

/* not := primary (NOT primary)* ; the right side is folded only */
static herald_rc parse_not(struct parser *ps)
{
    size_t mark = ps->out.len;
    herald_rc rc = parse_primary(ps, false);
    bool wrapped = false;
    while (rc == HERALD_OK && ps->kind == T_NOT) {
        if (!wrapped && (rc = wrap_open(ps, mark)) != HERALD_OK)
            break;
        wrapped = true;
        next(ps);
        rc = buf_puts(&ps->out, " NOT ");
        if (rc == HERALD_OK)
            rc = parse_primary(ps, true);
    }
    if (rc == HERALD_OK && wrapped)
        rc = buf_putc(&ps->out, ')');
    return rc;
}

static bool starts_operand(enum tok_kind k)
{
    return k == T_TERM || k == T_LPAREN;
}

/* and := not ([AND] not)* */
static herald_rc parse_and(struct parser *ps)
{
    size_t mark = ps->out.len;
    herald_rc rc = parse_not(ps);
    bool wrapped = false;
    while (rc == HERALD_OK && (starts_operand(ps->kind) || ps->kind == T_AND)) {
        if (ps->kind == T_AND)
            next(ps);
        if (!wrapped && (rc = wrap_open(ps, mark)) != HERALD_OK)
            break;
        wrapped = true;
        rc = buf_puts(&ps->out, " AND ");
        if (rc == HERALD_OK)
            rc = parse_not(ps);
    }
    if (rc == HERALD_OK && wrapped)
        rc = buf_putc(&ps->out, ')');
    return rc;
}

/* or := and (OR and)* */
static herald_rc parse_or(struct parser *ps)
{
    size_t mark = ps->out.len;
    herald_rc rc = parse_and(ps);
    bool wrapped = false;
    while (rc == HERALD_OK && ps->kind == T_OR) {
        next(ps);
        if (!wrapped && (rc = wrap_open(ps, mark)) != HERALD_OK)
            break;
        wrapped = true;
        rc = buf_puts(&ps->out, " OR ");
        if (rc == HERALD_OK)
            rc = parse_and(ps);
    }
    if (rc == HERALD_OK && wrapped)
        rc = buf_putc(&ps->out, ')');
    return rc;
}

/* Returns a sanitised copy: valid UTF-8, control characters and Unicode
 * spaces as single ASCII spaces. */
static char *clean_query(const char *q)
{
    char *s = str_utf8_sanitize(q, strlen(q));
    for (char *c = s; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7F)
            *c = ' ';
    return str_squeeze(s);
}

herald_rc fts_query_build(char **out, const char *user_query)
{
    herald_rc rc = HERALD_OK;
    struct parser ps = {0};
    *out = NULL;
    buf_init(&ps.out, 16 * FTS_QUERY_MAX_BYTES);
    char *q = NULL;
    if (!user_query || str_blank(user_query)) {
        rc = herald_error_set(HERALD_EINVAL, "empty query");
        goto done;
    }
    if (strlen(user_query) > FTS_QUERY_MAX_BYTES) {
        rc = herald_error_set(HERALD_ETOOBIG, "query longer than %d bytes", FTS_QUERY_MAX_BYTES);
        goto done;
    }
    q = clean_query(user_query);
    ps.p = q;
    next(&ps);
    if (ps.kind == T_END) {
        rc = herald_error_set(HERALD_EINVAL, "query has no word to search for");
        goto done;
    }
    rc = parse_or(&ps);
    if (rc == HERALD_OK && ps.kind != T_END)
        rc = ps.kind == T_RPAREN
                 ? herald_error_set(HERALD_EINVAL, "unbalanced parenthesis in query: extra ')'")
                 : herald_error_set(HERALD_EINVAL, "%s must stand between two words or phrases",
                                    kind_name(ps.kind));
    if (rc == HERALD_OK)
        *out = buf_steal(&ps.out);
done:
    free(ps.term);
    free(q);
    buf_free(&ps.out);
    return rc;
}
