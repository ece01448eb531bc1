import * as z from "zod/mini";
import { DOMAIN_ERROR_CODES } from "@/lib/errors/domain-error.ts";

// The API's error body and every code it can carry. Two kinds of code: what the HTTP layer itself
// refuses (malformed input, a body too large, a method a route does not take, an outage), and what a
// service refuses (lib/errors/domain-error.ts). Statuses are HTTP's business: lib/api/errors.ts.

export const TRANSPORT_ERROR_CODES = [
  "invalid_input",
  "not_found",
  "method_not_allowed",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "internal",
  "unavailable",
] as const;

export const ERROR_CODES = [...DOMAIN_ERROR_CODES, ...TRANSPORT_ERROR_CODES] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What each code means to a client, for the API's reference. */
export const ERROR_MEANINGS: Record<ErrorCode, string> = {
  unauthorized: "No credentials, or ones that are not (or no longer) valid.",
  forbidden:
    "Credentials of the wrong kind: a customer's on the provider API; a host agent's token, or a browser session, on the admin API; an API token where only the dashboard's own session may act (creating or revoking API tokens, the account's password and sessions), or an operator creating an API token in the customer API.",
  cross_site_request: "A state-changing request with the session cookie that did not come from the dashboard's own pages. Scripts use an API token.",
  server_not_found: "No such server, or not yours: the two are answered alike.",
  action_not_found: "No such action, or not yours (not this host's, for an agent).",
  ballooning_unsupported: "The server runs on LXC, which has no balloon. Reinstall it onto KVM (`POST /api/v1/servers/{id}/actions/reinstall`).",
  action_in_progress: "Another action is queued or running for the server; `details.actionId` names it.",
  reinstall_in_progress: "The server is being reinstalled; `details.actionId` names the reinstall.",
  already_on_kvm: "The server already runs on KVM.",
  confirmation_mismatch: "`confirmName` is not the server's name, exactly.",
  kvm_name_taken: "The new KVM domain's name is taken on the host; support has to step in.",
  unknown_image: "No such image in the catalogue, or not on the server's host; `details.choices` lists the images it can be reinstalled with.",
  invalid_ssh_key:
    "`login.publicKey` is not an SSH public key OpenSSH takes (Ed25519, ECDSA, or RSA of 2048 bits or more). `details.reason` says why: `several_lines`, `private_key`, `not_a_key`, `type_not_accepted` (with `keyType`) or `too_short` (with `keyType`, `bits` and `minimumBits`).",
  guaranteed_memory_unavailable:
    "Ballooning stays on: the server's host cannot guarantee its whole plan. `details.reason` is `host_full` (the memory the host can guarantee is reserved by other servers; `details.availableMiB` is what is left) or `host_memory_unknown` (the host has not reported its memory yet; try again in a few minutes). `details.requestedMiB` is the plan. Nothing was changed; support can move the server to a host with room.",
  lease_lost: "This agent no longer holds the action's lease: another agent took it over, or it ended. Stop working on it.",
  unknown_step: "The action's command has no such step.",
  invalid_step_data: "Step data was sent without naming the step.",
  host_not_found: "No host by that name.",
  customer_not_found: "No customer with that id or email address (operators are not customers).",
  operator_not_found: "No operator with that email address.",
  host_name_taken: "A host by that name exists already.",
  email_taken: "An account with that email address exists already.",
  host_has_servers: "Servers are still on the host; `details.servers` says how many. A host can be removed only once none is.",
  host_not_reported: "No agent has reported from the host yet, so its domains are unknown. Start the host's agent, then try again.",
  invalid_input: "Malformed JSON, a wrong type, an unknown field, a value out of range; `details.fields` names each problem.",
  not_found: "No such endpoint. The admin API answers a customer's credentials with it too.",
  method_not_allowed: "The endpoint does not take this method; the `Allow` header lists the ones it takes.",
  payload_too_large: "The body is larger than the endpoint reads; `details.limitBytes` says how large it may be.",
  unsupported_media_type: "The body is not sent as JSON (`Content-Type: application/json`).",
  rate_limited: "Too many attempts; try again after `Retry-After` seconds.",
  internal: "A fault on the dashboard's side. Nothing was changed; the answer's `X-Request-Id` finds it in the logs.",
  unavailable: "The database cannot be reached just now. Nothing was changed; try again after `Retry-After` seconds.",
  token_read_only:
    "The API token may only read (scope `read`), and this request would change something. Nothing was changed. Use a token with scope `read_write`, or the dashboard.",
  token_not_found: "No such API token, not yours, or revoked already: the three are answered alike.",
  session_not_found: "No such session among your active ones: another account's, one that has ended or expired, and one that never was are answered alike.",
  wrong_password: "`currentPassword` is not the account's password. Nothing was changed. Wrong passwords are counted: after a few, the account's password changes are refused for a while (`rate_limited`).",
  weak_password:
    "The new password is not allowed. `details.reason` is `password_too_short`, `password_too_long`, `password_is_email` or `password_unchanged` (the current password again); `details.fields` says why for `newPassword`, in the set-password form's words. Nothing was changed.",
};

export const fieldProblemSchema = z.object({
  field: z.string().check(z.describe("The field's path in the input, dot-separated (`domains.0.state`), or `(body)`.")),
  message: z.string(),
});

export type FieldProblem = z.infer<typeof fieldProblemSchema>;

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).check(z.describe("Stable: act on the code, never on the wording.")),
      message: z.string().check(z.describe("Plain words, fit to show to a person as they are.")),
      details: z.optional(
        z
          .record(z.string(), z.unknown())
          .check(
            z.describe(
              "Facts to act on. `invalid_input` has `fields` (one problem per field); a refusal because of another action has `actionId`; `unknown_image` has `choices`; `guaranteed_memory_unavailable` has `reason`, `requestedMiB` and `availableMiB`.",
            ),
          ),
      ),
    }),
  })
  .check(z.meta({ id: "Error", description: "Every refusal and failure answers with this body." }));

export type ErrorBody = z.infer<typeof errorBodySchema>;
