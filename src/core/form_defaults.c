/* Default values of a form (docs/form-format.md `default`) put into a new draft or row. */
#include "core/form.h"

#include <cJSON.h>

static bool has_default_below(const fnode *n)
{
    if (n->kind == N_FIELD)
        return n->default_text && !n->compute;
    if (n->kind == N_TABLE || (n->kind == N_PART && n->repeat))
        return false;                    /* rows get their defaults when they are added */
    for (size_t i = 0; i < n->nkids; i++)
        if (has_default_below(n->kids[i]))
            return true;
    return false;
}

int form_put_defaults(const fnode *n, cJSON *obj)
{
    for (size_t i = 0; i < n->nkids; i++) {
        const fnode *k = n->kids[i];
        if (!has_default_below(k))
            continue;
        cJSON *have = cJSON_GetObjectItemCaseSensitive(obj, k->id);
        if (k->kind == N_FIELD) {
            if (!have && !cJSON_AddStringToObject(obj, k->id, k->default_text))
                return -1;
            continue;
        }
        if (have && !cJSON_IsObject(have))
            continue;                    /* something else is there: leave it to the checks */
        if (!have) {
            have = cJSON_CreateObject();
            if (!have || !cJSON_AddItemToObject(obj, k->id, have)) {
                cJSON_Delete(have);
                return -1;
            }
        }
        if (form_put_defaults(k, have) != 0)
            return -1;
    }
    return 0;
}
