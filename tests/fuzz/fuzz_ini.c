/* libFuzzer: the shared config / credentials reader (provider/aws/gc_ini.c). The first byte picks the kind; the rest
 * is the file. Parsing twice into one set merges (as several files do); on failure an error names the file and the
 * set keeps what it had. Then the lookups the credential chain makes. */
#include "aws/gc_ini.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum gc_aws_ini_kind kind = data[0] & 1 ? GC_AWS_INI_CONFIG : GC_AWS_INI_CREDENTIALS;
    struct gc_span text = gc_span_from(data + 1, size - 1);
    struct gc_aws_ini ini;
    struct gc_diags diags;
    gc_aws_ini_init(&ini);
    gc_diags_init(&diags);
    for (int pass = 0; pass < 2; pass++) {
        size_t before = ini.n;
        int rc = gc_aws_ini_parse(&ini, kind, "fuzz-file", text, "shared_config_files", &diags);
        if (rc != 0) {
            FUZZ_CHECK(gc_diags_has_error(&diags));
            FUZZ_CHECK(ini.n == before);
        }
    }
    for (size_t i = 0; i < ini.n; i++) {
        FUZZ_CHECK(gc_aws_ini_has_profile(&ini, ini.profiles[i].name));
        gc_aws_ini_get(&ini, ini.profiles[i].name, "aws_access_key_id");
        gc_aws_ini_get(&ini, ini.profiles[i].name, "region");
    }
    gc_aws_ini_get(&ini, "default", "role_arn");
    gc_diags_clean_up(&diags);
    gc_aws_ini_clean_up(&ini);
    return 0;
}
