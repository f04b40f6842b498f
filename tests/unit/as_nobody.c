#include "as_nobody.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

static char copy_dir[] = "/tmp/selfeval-forms-nobody-XXXXXX";
static int made;

static void remove_copy(void)
{
    char *cmd = NULL;
    if (asprintf(&cmd, "rm -rf '%s'", copy_dir) >= 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", copy_dir);
    free(cmd);
}

int forms_for_nobody(const char *dir)
{
    (void)dir;   /* a folder of its own, so the test's folder stays as the test left it */
    if (made)
        return setenv("SELFEVAL_FORMS", copy_dir, 1) == 0 ? 0 : -1;
    const char *forms = getenv("SELFEVAL_FORMS");
    if (!forms || !*forms)
        forms = "forms";
    if (!mkdtemp(copy_dir))
        return -1;
    made = 1;
    atexit(remove_copy);
    char *cmd = NULL;
    int rc = -1;
    if (chmod(copy_dir, 0755) == 0 &&
        asprintf(&cmd, "cp -r '%s'/. '%s' && chmod -R a+rX '%s'", forms, copy_dir, copy_dir) >= 0 &&
        system(cmd) == 0 && setenv("SELFEVAL_FORMS", copy_dir, 1) == 0)
        rc = 0;
    free(cmd);
    return rc;
}
