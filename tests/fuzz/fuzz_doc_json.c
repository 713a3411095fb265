/* libFuzzer: gcnet-doc's reader of `terraform show -json` plans and states (gcnet-doc/tf_json.c), then what the
 * writers ask of every resource it found. Malformed input must give -1 and an error, never a crash. */
#include "fuzz_util.h"
#include "tf_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gc_doc_input doc;
    struct gc_diags diags;
    memset(&doc, 0, sizeof doc);
    gc_diags_init(&diags);
    int rc = gc_doc_input_load_text(&doc, (const char *)data, size, &diags);
    if (rc == 0) {
        gc_doc_input_provider_version(&doc);
        for (size_t i = 0; i < doc.n_resources; i++) {
            const struct gc_doc_resource *r = &doc.resources[i];
            FUZZ_CHECK(r->address && r->type);
            gc_doc_resource_string(r, "id");
            gc_doc_resource_string(r, "name");
            gc_doc_resource_attr(r, "tags");
            gc_doc_resource_attr_forces_replace(r, "vpc_cidr");
            gc_doc_resource_attr_unknown(r, "id");
            gc_doc_action_label(r->action);
        }
    } else {
        FUZZ_CHECK(gc_diags_has_error(&diags));
    }
    gc_doc_input_clean_up(&doc);
    gc_diags_clean_up(&diags);
    return 0;
}
