/* Shared by the kit's tests: an operation with a fake clock (waits take no real time), a client whose
 * cancellation a test can trigger, and a diagnostic search. */
#ifndef KIT_TEST_H
#define KIT_TEST_H

#include <stdbool.h>
#include <string.h>

#include "aws/fake_aws.h"
#include "framework/gc_op.h"

static int64_t kit_clock_ms;
static int kit_sleeps;

static int64_t kit_now(void)
{
    return kit_clock_ms;
}

static void kit_sleep(int64_t ms)
{
    kit_sleeps++;
    kit_clock_ms += ms;
}

struct kit_op {
    struct gc_op op;
    struct gc_diags diags;
    struct fake_aws fake;
    struct gc_aws_client *aws;
    int64_t started_ms;
};

/* An operation of kind `kind` ("create", "delete", ...) with a deadline `timeout_s` from now on the fake clock. */
static void kit_op_init(struct kit_op *k, int64_t timeout_s, const char *kind)
{
    static const struct fake_reply reply = {500, "", {NULL}};
    memset(k, 0, sizeof(*k));
    k->fake.replies = &reply;
    k->fake.n_replies = 1;
    k->aws = fake_aws_client(&k->fake, "ap-northeast-1", "http://127.0.0.1:9", NULL, 0);
    gc_diags_init(&k->diags);
    gc_op_set_clock(kit_now, kit_sleep);
    kit_clock_ms = 1000000;
    kit_sleeps = 0;
    k->started_ms = kit_clock_ms;
    k->op.aws = k->aws;
    k->op.diags = &k->diags;
    k->op.type_name = "gcnet_test_thing";
    k->op.deadline_ms = kit_clock_ms + timeout_s * 1000;
    k->op.timeout_s = timeout_s;
    k->op.timeout_kind = kind;
}

static void kit_op_clean_up(struct kit_op *k)
{
    gc_op_set_clock(NULL, NULL);
    gc_diags_clean_up(&k->diags);
    gc_aws_client_free(k->aws);
    fake_aws_forget(&k->fake);
}

static bool kit_diag_has(const struct gc_diags *diags, const char *text)
{
    for (size_t i = 0; i < diags->n; i++)
        if ((diags->items[i].summary && strstr(diags->items[i].summary, text)) ||
            (diags->items[i].detail && strstr(diags->items[i].detail, text)))
            return true;
    return false;
}

#endif
