#ifndef CLIBEDIT_SHIM_H
#define CLIBEDIT_SHIM_H

// NULL must be defined before histedit.h is parsed by the Swift importer.
#include <stddef.h>
#include <stdio.h>
#include <wchar.h>
#include <locale.h>
#include <histedit.h>

// Swift cannot call C variadic functions, so every el_wset / history_w form the line
// editor needs gets a typed wrapper here. The wide-character (w) API throughout: the
// narrow one converts through the C library's multibyte functions a second time.

/// EL_PROMPT_ESC: the prompt function; text between two `literal_delimiter`s is printed but not counted.
typedef wchar_t *(*clibedit_prompt_function)(EditLine *el);
/// EL_ADDFN: an editor command, given the key that ran it; returns one of the CC_ codes.
typedef unsigned char (*clibedit_command)(EditLine *el, int key);
/// EL_GETCFN: reads one character; 1 when it did, 0 at end of input, -1 on error.
typedef int (*clibedit_read_function)(EditLine *el, wchar_t *character);

static inline int clibedit_set_prompt(EditLine *el, clibedit_prompt_function prompt, wchar_t literal_delimiter) {
    return el_wset(el, EL_PROMPT_ESC, prompt, (int)literal_delimiter);
}

static inline int clibedit_set_emacs_mode(EditLine *el) {
    return el_wset(el, EL_EDITOR, L"emacs");
}

/// Edit mode (the terminal settings while a line is read) without ISIG, so ^C arrives as a byte.
static inline int clibedit_edit_mode_without_signals(EditLine *el) {
    return el_wset(el, EL_SETTY, L"-d", L"-isig", (const wchar_t *)NULL);
}

/// libedit keeps `name` and `help` (pointers, not copies): they must outlive the EditLine.
static inline int clibedit_add_function(EditLine *el, const wchar_t *name, const wchar_t *help, clibedit_command command) {
    return el_wset(el, EL_ADDFN, name, help, command);
}

static inline int clibedit_bind(EditLine *el, const wchar_t *key, const wchar_t *function_name) {
    return el_wset(el, EL_BIND, key, function_name, (const wchar_t *)NULL);
}

static inline int clibedit_set_client_data(EditLine *el, void *data) {
    return el_wset(el, EL_CLIENTDATA, data);
}

static inline void *clibedit_client_data(EditLine *el) {
    void *data = NULL;
    el_wget(el, EL_CLIENTDATA, &data);
    return data;
}

static inline int clibedit_set_read_function(EditLine *el, clibedit_read_function read_function) {
    return el_wset(el, EL_GETCFN, read_function);
}

static inline int clibedit_set_history(EditLine *el, HistoryW *history) {
    return el_wset(el, EL_HIST, history_w, history);
}

static inline int clibedit_history_set_size(HistoryW *history, int size) {
    HistEventW event;
    return history_w(history, &event, H_SETSIZE, size);
}

/// H_SETUNIQUE: an entry equal to the newest one is not added.
static inline int clibedit_history_set_unique(HistoryW *history, int unique) {
    HistEventW event;
    return history_w(history, &event, H_SETUNIQUE, unique);
}

static inline int clibedit_history_enter(HistoryW *history, const wchar_t *line) {
    HistEventW event;
    return history_w(history, &event, H_ENTER, line);
}

static inline int clibedit_history_clear(HistoryW *history) {
    HistEventW event;
    return history_w(history, &event, H_CLEAR);
}

/// The number of entries read, or -1.
static inline int clibedit_history_load(HistoryW *history, const char *path) {
    HistEventW event;
    return history_w(history, &event, H_LOAD, path);
}

/// The number of entries written, or -1. The file is created with mode 0600.
static inline int clibedit_history_save(HistoryW *history, const char *path) {
    HistEventW event;
    return history_w(history, &event, H_SAVE, path);
}

/// The newest entry, or NULL when the history is empty; valid until the history changes.
static inline const wchar_t *clibedit_history_newest(HistoryW *history) {
    HistEventW event;
    return history_w(history, &event, H_FIRST) == 0 ? event.str : NULL;
}

/// The columns a character takes on a terminal in the thread's locale (-1 for a control character).
/// glibc declares wcwidth only for X/Open builds, which the Swift importer's is not.
static inline int clibedit_wcwidth(wchar_t character) {
    extern int wcwidth(wchar_t);
    return wcwidth(character);
}

/// LC_CTYPE_MASK for newlocale; the macro is an expression Swift does not import.
static const int clibedit_lc_ctype_mask = LC_CTYPE_MASK;

#endif
