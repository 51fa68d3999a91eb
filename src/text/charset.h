/* Character-set detection and conversion to UTF-8 for feeds and pages:
 * HTTP Content-Type, byte-order marks, the XML prolog and HTML <meta>, with
 * legacy encodings (windows-1258, GBK/GB18030, Big5, Shift_JIS, EUC-*,
 * TIS-620, KOI8-R, ...) converted through iconv. */
#ifndef HERALD_CHARSET_H
#define HERALD_CHARSET_H

#include <stddef.h>

#include "util/error.h"

/* Returns the lowercased charset parameter of a Content-Type value
 * ("text/html; charset=GBK" -> "gbk"), or NULL. Caller frees. */
char *charset_from_content_type(const char *content_type);

/* Returns the charset declared inside the document: a BOM, the XML prolog's
 * encoding, or an HTML <meta charset>/http-equiv in the first 8 KiB;
 * lowercased, or NULL. Caller frees. */
char *charset_sniff(const char *data, size_t len);

/* Converts data to UTF-8 into *out (caller frees; NUL-terminated, no NULs
 * inside) and its length into *out_len. The charset is chosen from a BOM,
 * then `declared` (the HTTP header; may be NULL), then the document's own
 * declaration, then UTF-8 if valid, else windows-1252. A declaration that
 * contradicts valid non-ASCII UTF-8 loses to UTF-8. Invalid sequences become
 * U+FFFD. Errors: HERALD_EINVAL for an unknown charset name (message names
 * it) — the data is then treated as UTF-8 with replacement, and *out is
 * still set. The chosen charset goes to *used (static string) if non-NULL. */
herald_rc charset_to_utf8(char **out, size_t *out_len, const char *data, size_t len,
                          const char *declared, const char **used);

#endif
