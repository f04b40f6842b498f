/* Tests that act as another user (nobody): the forms must be readable by that user even when
 * the checkout lies in a folder only its owner may enter (a clone in a 0700 mktemp folder). */
#ifndef SELFEVAL_TEST_AS_NOBODY_H
#define SELFEVAL_TEST_AS_NOBODY_H

/* Copies $SELFEVAL_FORMS once per process to a folder of /tmp readable by everyone (removed at
 * exit) and points SELFEVAL_FORMS
 * there (call before fork; DIR is unused). 0, or -1. */
int forms_for_nobody(const char *dir);

#endif
