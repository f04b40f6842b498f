/* For the unit tests that write files: the repository's forms and a temporary folder. */
#ifndef SELFEVAL_TEST_TMP_FIXTURE_H
#define SELFEVAL_TEST_TMP_FIXTURE_H

#include <stddef.h>

/* SELFEVAL_FORMS names the repository's forms/ folder unless it is set already (the tests run
 * from the repository's top folder). */
void tf_use_repo_forms(void);
/* Makes a new folder "/tmp/selfeval-test-NAME-XXXXXX" and writes its name into dir (size bytes,
 * room for the name included). 0, or -1 when it cannot be made. */
int tf_make_tmpdir(char *dir, size_t size, const char *name);
/* Removes a folder and everything below it (links are removed, not followed). */
void tf_rm_tree(const char *dir);

#endif
