/* One resource through the framework against the fake AWS (fake_world.h), as Terraform drives it: a world, a fake
 * AWS client on its transport (ap-northeast-1), a provider with no default tags, a test clock for the framework's
 * waits (every sleep advances it), and plan with Terraform's proposed new state. The resource's answers are
 * installed into e->world by the test (pw_install, dw_install, ...). Test-only code. */
#ifndef RESOURCE_RUN_H
#define RESOURCE_RUN_H

#include "aws/fake_aws.h"
#include "fake_world.h"
#include "framework/gc_plan.h"

struct rr_env {
    const struct gc_resource_def *def;
    struct fw_world *world;
    struct fake_aws clock;
    struct gc_aws_client *aws;
    struct gc_value *defaults;
    struct gc_provider prov;
    struct gc_diags diags;
};

/* -1 when something could not be made; rr_env_clean_up in any case. */
int rr_env_init(struct rr_env *e, const struct gc_resource_def *def);
void rr_env_clean_up(struct rr_env *e);
/* The test clock's time: every wait's sleep advances it, so a difference is the time a wait would have taken. */
int64_t rr_now_ms(void);

/* Terraform's proposed new state: the configuration, with the prior value of each computed attribute the
 * configuration leaves null (none when prior is NULL or null). Owned; NULL when out of memory. */
struct gc_value *rr_proposed(const struct gc_resource_def *def, const struct gc_value *prior,
                             const struct gc_value *config);

/* gc_plan_resource of `config` over `prior` (NULL: create) with the proposed new state; the paths that force a
 * replacement into *replace. */
int rr_plan(struct rr_env *e, const struct gc_value *prior, const struct gc_value *config, struct gc_value **planned,
            struct gc_path_list *replace);

/* rr_plan for a change made in place: 1 when the plan would replace the resource instead. */
int rr_plan_in_place(struct rr_env *e, const struct gc_value *prior, const struct gc_value *config,
                     struct gc_value **planned);

/* rr_plan_in_place, then the apply of its plan: the apply's result, its new state in *state; the plan's (not 0) when
 * there was nothing to apply. */
int rr_apply_in_place(struct rr_env *e, const struct gc_value *prior, const struct gc_value *config,
                      struct gc_value **state);

/* Plans and applies `config` over `prior` (NULL: create): the plan's result (-1 when it failed); the apply's in
 * *rc, its new state in *state. */
int rr_apply(struct rr_env *e, const struct gc_value *prior, const struct gc_value *config, struct gc_value **state,
             int *rc);

/* Destroys `prior` as Terraform does (the apply of a null plan): 0 when the apply succeeded and left no state. */
int rr_destroy(struct rr_env *e, const struct gc_value *prior);

/* Whether a create of `config` is refused at plan, before any AWS call, with an error at attribute path `path` whose
 * summary contains `summary`; when not, prints what happened (as "# " lines). */
bool rr_refused_before_aws(struct rr_env *e, const struct gc_value *config, const char *path, const char *summary);

/* Whether a diagnostic's summary or detail contains `text`. */
bool rr_diag_has(const struct gc_diags *d, const char *text);

/* Whether a diagnostic at attribute path `path` (as gc_path_to_string writes it) has a summary containing `text`. */
bool rr_diag_on(const struct gc_diags *d, const char *path, const char *text);

/* A set of strings with `a` and `b` (either may be NULL: left out). Owned; NULL when out of memory. */
struct gc_value *rr_string_set(const char *a, const char *b);

/* Sets config[attr] (an attribute of e's resource) from a case table's text: a set of strings to the one element or
 * the two ("a|b") it names, any other attribute to the string; NULL: null. */
void rr_set_text(const struct rr_env *e, struct gc_value *config, const char *attr, const char *text);

/* Whether a list or set of strings holds `s`. */
bool rr_has_string(const struct gc_value *set, const char *s);

#endif
