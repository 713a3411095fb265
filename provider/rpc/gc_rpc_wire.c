#include "rpc/gc_rpc_wire.h"

#include <stdlib.h>
#include <string.h>

#include "base/gc_buf.h"

int gc_wire_decode(const Tfplugin6__DynamicValue *dv, const struct gc_type *type, struct gc_value **out,
                   struct gc_diags *diags)
{
    if (dv && dv->msgpack.len > 0)
        return gc_msgpack_decode(type, gc_span_from(dv->msgpack.data, dv->msgpack.len), out, diags);
    if (dv && dv->json.len > 0)
        return gc_json_decode(type, gc_span_from(dv->json.data, dv->json.len), out, diags);
    *out = gc_value_new_null(type);
    return *out ? 0 : -1;
}

Tfplugin6__DynamicValue *gc_wire_encode(const struct gc_value *value, struct gc_arena *arena, struct gc_diags *diags)
{
    struct gc_buf buf;
    Tfplugin6__DynamicValue *dv = gc_arena_alloc(arena, sizeof(*dv));
    gc_buf_init(&buf, GC_BUF_MAX_DEFAULT);
    if (!dv || gc_msgpack_encode(value, &buf) != 0) {
        gc_diags_error_at(diags, NULL, "Internal error", "gcnet could not encode a value for Terraform.");
        gc_buf_clean_up(&buf);
        return NULL;
    }
    tfplugin6__dynamic_value__init(dv);
    dv->msgpack.len = buf.len;
    dv->msgpack.data = gc_arena_memdup(arena, buf.ptr, buf.len);
    gc_buf_clean_up(&buf);
    return dv;
}

/* The first `n` steps of `path` as a tfplugin6 AttributePath. */
static Tfplugin6__AttributePath *s_wire_steps(const struct gc_path *path, size_t n, struct gc_arena *arena)
{
    Tfplugin6__AttributePath *ap = gc_arena_alloc(arena, sizeof(*ap));
    if (!ap)
        return NULL;
    tfplugin6__attribute_path__init(ap);
    ap->steps = gc_arena_calloc(arena, n ? n : 1, sizeof(*ap->steps));
    if (!ap->steps)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        Tfplugin6__AttributePath__Step *s = gc_arena_alloc(arena, sizeof(*s));
        if (!s)
            return NULL;
        tfplugin6__attribute_path__step__init(s);
        const struct gc_path_step *in = &path->steps[i];
        if (in->kind == GC_STEP_ATTR) {
            s->selector_case = TFPLUGIN6__ATTRIBUTE_PATH__STEP__SELECTOR_ATTRIBUTE_NAME;
            s->attribute_name = gc_arena_strdup(arena, in->name);
        } else if (in->kind == GC_STEP_KEY_STRING) {
            s->selector_case = TFPLUGIN6__ATTRIBUTE_PATH__STEP__SELECTOR_ELEMENT_KEY_STRING;
            s->element_key_string = gc_arena_strdup(arena, in->name);
        } else {
            s->selector_case = TFPLUGIN6__ATTRIBUTE_PATH__STEP__SELECTOR_ELEMENT_KEY_INT;
            s->element_key_int = in->index;
        }
        ap->steps[ap->n_steps++] = s;
    }
    return ap;
}

Tfplugin6__AttributePath *gc_wire_path(const struct gc_path *path, struct gc_arena *arena)
{
    return s_wire_steps(path, path->n, arena);
}

size_t gc_wire_diag_path_len(const struct gc_path *path)
{
    for (size_t i = 0; i < path->n; i++)
        if (path->steps[i].kind != GC_STEP_ATTR)
            return i + 1;
    return path->n;
}

/* `detail` followed by the whole path, for a diagnostic whose path Terraform only shows in part. */
static char *s_detail_with_path(struct gc_arena *arena, const char *detail, const struct gc_path *path)
{
    char *text = gc_path_to_string(path);
    struct gc_buf buf;
    char *out = NULL;
    gc_buf_init(&buf, 1 << 16);
    if (text && gc_buf_printf(&buf, "%s%sAttribute: %s.", detail, *detail ? "\n\n" : "", text) == 0)
        out = gc_arena_strdup(arena, gc_buf_cstr(&buf));
    gc_buf_clean_up(&buf);
    free(text);
    return out ? out : gc_arena_strdup(arena, detail);
}

Tfplugin6__Diagnostic **gc_wire_diags(const struct gc_diags *diags, struct gc_arena *arena, size_t *n)
{
    *n = 0;
    if (!diags || (diags->n == 0 && diags->n_lost == 0))
        return NULL;
    /* errors lost for want of memory (gc_diags.n_lost) become one fixed error at the end */
    Tfplugin6__Diagnostic **out = gc_arena_calloc(arena, diags->n + 1, sizeof(*out));
    for (size_t i = 0; out && i <= diags->n; i++) {
        const struct gc_diag *d = i < diags->n ? &diags->items[i] : NULL;
        if (!d && diags->n_lost == 0)
            break;
        Tfplugin6__Diagnostic *pd = gc_arena_alloc(arena, sizeof(*pd));
        if (!pd)
            break;
        tfplugin6__diagnostic__init(pd);
        pd->severity = d && d->severity == GC_SEV_WARNING ? TFPLUGIN6__DIAGNOSTIC__SEVERITY__WARNING
                                                          : TFPLUGIN6__DIAGNOSTIC__SEVERITY__ERROR;
        pd->summary = gc_arena_strdup(arena, d && d->summary ? d->summary : GC_DIAG_OOM_SUMMARY);
        const char *detail = d && d->detail ? d->detail : d && d->summary ? "" : GC_DIAG_OOM_DETAIL;
        pd->detail = gc_arena_strdup(arena, detail);
        size_t n_steps = d ? gc_wire_diag_path_len(&d->path) : 0;
        if (n_steps > 0)
            pd->attribute = s_wire_steps(&d->path, n_steps, arena);
        if (n_steps > 0 && n_steps < d->path.n)
            pd->detail = s_detail_with_path(arena, detail, &d->path);
        out[(*n)++] = pd;
    }
    return out;
}

static Tfplugin6__Schema__Block *s_block(const struct gc_block_def *block, struct gc_arena *arena)
{
    Tfplugin6__Schema__Block *b = gc_arena_alloc(arena, sizeof(*b));
    if (!b)
        return NULL;
    tfplugin6__schema__block__init(b);
    b->description = gc_arena_strdup(arena, block->description);
    b->attributes = gc_arena_calloc(arena, block->n_attrs + 1, sizeof(*b->attributes));
    b->block_types = gc_arena_calloc(arena, block->n_blocks + 1, sizeof(*b->block_types));
    if (!b->attributes || !b->block_types)
        return NULL;
    for (size_t i = 0; i < block->n_attrs; i++) {
        const struct gc_attr_def *a = &block->attrs[i];
        Tfplugin6__Schema__Attribute *pa = gc_arena_alloc(arena, sizeof(*pa));
        struct gc_buf type_json;
        if (!pa)
            return NULL;
        tfplugin6__schema__attribute__init(pa);
        gc_buf_init(&type_json, 1 << 16);
        if (gc_type_to_json(a->type, &type_json) != 0) {
            gc_buf_clean_up(&type_json);
            return NULL;
        }
        pa->name = gc_arena_strdup(arena, a->name);
        pa->type.len = type_json.len;
        pa->type.data = gc_arena_memdup(arena, type_json.ptr, type_json.len);
        gc_buf_clean_up(&type_json);
        pa->description = gc_arena_strdup(arena, a->description);
        pa->required = (a->flags & GC_ATTR_REQUIRED) != 0;
        pa->optional = (a->flags & GC_ATTR_OPTIONAL) != 0;
        pa->computed = (a->flags & GC_ATTR_COMPUTED) != 0;
        pa->sensitive = (a->flags & GC_ATTR_SENSITIVE) != 0;
        b->attributes[b->n_attributes++] = pa;
    }
    for (size_t i = 0; i < block->n_blocks; i++) {
        const struct gc_nested_def *n = &block->blocks[i];
        Tfplugin6__Schema__NestedBlock *pn = gc_arena_alloc(arena, sizeof(*pn));
        if (!pn)
            return NULL;
        tfplugin6__schema__nested_block__init(pn);
        pn->type_name = gc_arena_strdup(arena, n->name);
        pn->block = s_block(n->block, arena);
        pn->nesting = (Tfplugin6__Schema__NestedBlock__NestingMode)n->nesting;
        pn->min_items = n->min_items;
        pn->max_items = n->max_items;
        if (!pn->block)
            return NULL;
        b->block_types[b->n_block_types++] = pn;
    }
    return b;
}

Tfplugin6__Schema *gc_wire_schema(const struct gc_block_def *block, int64_t version, struct gc_arena *arena)
{
    Tfplugin6__Schema *s = gc_arena_alloc(arena, sizeof(*s));
    if (!s)
        return NULL;
    tfplugin6__schema__init(s);
    s->version = version;
    s->block = s_block(block, arena);
    return s->block ? s : NULL;
}
