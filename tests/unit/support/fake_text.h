/* Text helpers for the fake AWS and the tests that answer AWS calls from recorded fixtures. Test-only code. */
#ifndef FAKE_TEXT_H
#define FAKE_TEXT_H

/* A fixture file's text (up to 64 KiB, trailing newlines cut), malloc'd; NULL if it cannot be read. */
char *fx_file(const char *name);
/* `text` with every `from` replaced by `to` (malloc'd), or NULL. */
char *fx_replace(const char *text, const char *from, const char *to);
/* A fixture file's text with every `from` replaced by `to` (malloc'd), or NULL. */
char *fx_file_replaced(const char *name, const char *from, const char *to);
/* The value of form parameter `key` in an x-www-form-urlencoded body (malloc'd, still encoded), or NULL. */
char *fx_param(const char *body, const char *key);
/* fx_param decoded (%XX and '+'), or NULL. */
char *fx_param_decoded(const char *body, const char *key);

#endif
