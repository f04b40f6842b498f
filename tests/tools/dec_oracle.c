/* dec_oracle: drives core/dec for the differential test against Python's decimal.
 *
 * Reads lines "OP A B SCALE" from stdin and prints one result line each:
 *   add sub mul        exact result (dec_format)
 *   div                A / B rounded half up to SCALE digits
 *   round              dec_round(A, SCALE) (B is ignored, write "-")
 *   rescale            dec_rescale(A, SCALE)
 *   fixed              dec_format_fixed(A, SCALE)
 *   cmp                -1, 0 or 1
 * Errors print OVERFLOW, DIV_ZERO, SYNTAX or BADLINE. No cmocka: a plain filter.
 */
#include "core/dec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *status_name(dec_status st)
{
    switch (st) {
    case DEC_OK: return "OK";
    case DEC_OVERFLOW: return "OVERFLOW";
    case DEC_DIV_ZERO: return "DIV_ZERO";
    case DEC_SYNTAX: return "SYNTAX";
    }
    return "?";
}

static void run_line(char *line)
{
    char *save = NULL;
    char *op = strtok_r(line, " \t\r\n", &save);
    char *sa = strtok_r(NULL, " \t\r\n", &save);
    char *sb = strtok_r(NULL, " \t\r\n", &save);
    char *ss = strtok_r(NULL, " \t\r\n", &save);
    if (!op || !sa || !sb || !ss) {
        puts("BADLINE");
        return;
    }
    int scale = atoi(ss);
    dec_t a, b, r;
    dec_status st = dec_parse(sa, strlen(sa), &a);
    if (st != DEC_OK) {
        puts(status_name(st));
        return;
    }
    bool need_b = strcmp(op, "round") && strcmp(op, "rescale") && strcmp(op, "fixed");
    if (need_b) {
        st = dec_parse(sb, strlen(sb), &b);
        if (st != DEC_OK) {
            puts(status_name(st));
            return;
        }
    }
    char buf[DEC_STR_MAX];
    if (!strcmp(op, "add"))
        st = dec_add(a, b, &r);
    else if (!strcmp(op, "sub"))
        st = dec_sub(a, b, &r);
    else if (!strcmp(op, "mul"))
        st = dec_mul(a, b, &r);
    else if (!strcmp(op, "div"))
        st = dec_div(a, b, scale, &r);
    else if (!strcmp(op, "round")) {
        r = dec_round(a, scale);
        st = DEC_OK;
    } else if (!strcmp(op, "rescale"))
        st = dec_rescale(a, scale, &r);
    else if (!strcmp(op, "fixed")) {
        puts(dec_format_fixed(a, scale, buf));
        return;
    } else if (!strcmp(op, "cmp")) {
        printf("%d\n", dec_cmp(a, b));
        return;
    } else {
        puts("BADLINE");
        return;
    }
    if (st != DEC_OK)
        puts(status_name(st));
    else
        puts(dec_format(r, buf));
}

int main(void)
{
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, stdin) >= 0)
        run_line(line);
    free(line);
    return 0;
}
