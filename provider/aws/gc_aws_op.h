/* Calling an AWS operation described by a table (gc_aws_model.h): document in, document out.
 *
 *     json_t *in = json_pack("{s:s}", "TransitGatewayId", id);
 *     json_t *out = NULL;
 *     if (gc_aws_op_call(c, &gc_op_ec2_delete_transit_gateway, in, &out, &err) != 0) ...
 *
 * The operation's protocol encodes the input document (query parameters for EC2 and STS, a JSON body for
 * JSON 1.1, URI labels, query string, headers and a JSON or escaped XML body for the REST protocols), the client
 * signs and sends it with retries (gc_aws_client_send), and the protocol decodes the answer into an output
 * document with the model's member names, whatever the wire said.
 *
 * An input member that the shape does not have, or a value of the wrong JSON type, is refused before anything
 * is sent: err->code "InvalidArgument", naming the operation and the member path. An answer that does not fit
 * the output shape where it matters (a list that is not a list, a structure that is not one) becomes
 * "InvalidResponse"; members the table does not know are ignored, as a newer AWS may add them. Answers are read
 * with the document accessors of base/gc_doc.h (gc_doc_str(out, "TransitGateway.State")). */
#ifndef GC_AWS_OP_H
#define GC_AWS_OP_H

#include <stdbool.h>

#include <jansson.h>

#include "aws/gc_aws.h"
#include "aws/gc_aws_model.h"
#include "base/gc_doc.h" /* the gc_doc_* accessors answers are read with */

/* One call. `input` is borrowed and may be NULL (an empty input). On success *output is an owned object
 * (json_decref; an empty object when the operation answers nothing). On failure returns -1, *output is NULL
 * and *err is filled (the caller cleans it up; whatever `err` held before is overwritten, not freed). A
 * member marked idempotencyToken that the input leaves out is sent with a fresh token. */
int gc_aws_op_call(struct gc_aws_client *client, const struct gc_aws_op_def *op, const json_t *input, json_t **output,
                   struct gc_aws_error *err);

/* The same call signed with `creds` instead of the client's current credentials (NULL: the client's). For STS
 * AssumeRole, which signs with the base credentials (gc_sts.c). */
int gc_aws_op_call_as(struct gc_aws_client *client, const struct gc_aws_credentials *creds,
                      const struct gc_aws_op_def *op, const json_t *input, json_t **output, struct gc_aws_error *err);

/* Every page of a paged operation: calls again with the output token until it is absent or empty, and
 * returns one document whose result_key array holds the items of all pages (the other members are the first
 * page's). At most 1000 pages; the same token twice is "InvalidResponse". An operation without paging is
 * called once. */
int gc_aws_op_call_all(struct gc_aws_client *client, const struct gc_aws_op_def *op, const json_t *input,
                       json_t **output, struct gc_aws_error *err);

/* True for an operation that only reads: Describe*, Get*, List*, Search*, and STS's (which change nothing in
 * the account). Every other operation sent counts as a write (gc_aws_client_write_count). */
bool gc_aws_op_is_read(const struct gc_aws_op_def *op);

/* True when `err` carries one of the operation's not-found codes. */
bool gc_aws_op_is_not_found(const struct gc_aws_op_def *op, const struct gc_aws_error *err);

#endif
