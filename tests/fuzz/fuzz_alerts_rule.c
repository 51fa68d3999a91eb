/* libFuzzer target for alert_rule_parse(): arbitrary bytes as a rule must
 * give a rule or an error with a message, never a crash; a parsed rule must
 * round-trip through its canonical JSON to the same JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alerts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct alert_rule *r = NULL, *r2 = NULL;
    herald_rc rc = alert_rule_parse(&r, (const char *)data, size);
    if (rc != HERALD_OK) {
        if (r || !*herald_error_last())
            abort(); /* the contract: NULL and a message on failure */
        return 0;
    }
    char *j = alert_rule_to_json(r, false);
    if (alert_rule_parse(&r2, j, strlen(j)) != HERALD_OK)
        abort();
    char *j2 = alert_rule_to_json(r2, false);
    if (strcmp(j, j2))
        abort();
    free(j);
    free(j2);
    alert_rule_free(r);
    alert_rule_free(r2);
    return 0;
}
