import type { ASTVisitor, FieldNode, ValidationContext, ValidationRule } from "graphql";
import { createGraphQLError } from "graphql-yoga";
import { GraphQLErrorCode } from "./errors.js";
import { MAX_CODE_CHECKS_PER_DOCUMENT, MAX_CODE_SENDS_PER_DOCUMENT } from "./limits.js";

/**
 * Mutation fields that consume a guess on a code (an SMS code, a backup code, an app's code) or on
 * the password (changePassword checks the current one).
 */
const CODE_CHECKS = new Set(["verifyOtp", "disableTwoFactorAuth", "verifyBackupCode", "verifyAuthenticatorCode", "changePassword"]);
/** Mutation fields that may send an SMS (chooseSecondFactor does when it picks "sms"). */
const CODE_SENDS = new Set(["requestOtp", "setPhoneNumber", "chooseSecondFactor"]);

/**
 * Allows at most one code check and one code send per document, reported once, at the first one
 * too many. It counts the fields as written anywhere in the document (every operation, fragment
 * and alias), so no mix of aliases and fragments runs more than one of each in a request; graphql
 * merges identical selections, so one field written once and spread twice still runs once.
 */
export function codeOperationsRule(context: ValidationContext): ASTVisitor {
  let checks = 0;
  let sends = 0;
  return {
    Field(node: FieldNode) {
      if (context.getParentType()?.name !== "Mutation") return;
      const name = node.name.value;
      if (CODE_CHECKS.has(name) && ++checks === MAX_CODE_CHECKS_PER_DOCUMENT + 1) {
        context.reportError(
          createGraphQLError("Send one code check (verifyOtp, verifyBackupCode, verifyAuthenticatorCode, disableTwoFactorAuth or changePassword) per request.", {
            nodes: [node],
            extensions: { code: GraphQLErrorCode.TOO_MANY_CODE_OPERATIONS },
          }),
        );
      }
      if (CODE_SENDS.has(name) && ++sends === MAX_CODE_SENDS_PER_DOCUMENT + 1) {
        context.reportError(
          createGraphQLError("Ask for one code (requestOtp, setPhoneNumber or chooseSecondFactor) per request.", {
            nodes: [node],
            extensions: { code: GraphQLErrorCode.TOO_MANY_CODE_OPERATIONS },
          }),
        );
      }
    },
  };
}

/**
 * The host's own mutation fields that check a password or a code (its signIn), or cost like one
 * (signUp hashes a password), counted with twostep's code checks: at most one of all of them per
 * document, however aliased. twoStepPlugins adds this beside codeOperationsRule, so it reports only
 * what that rule doesn't: an excess that takes a host field to reach.
 */
export function hostCodeChecksRule(hostFields: readonly string[]): ValidationRule {
  const host = new Set(hostFields.filter((name) => !CODE_CHECKS.has(name)));
  const names = [...CODE_CHECKS, ...host].join(", ");
  return (context: ValidationContext): ASTVisitor => {
    let twostepChecks = 0;
    let allChecks = 0;
    let firstTooMany: FieldNode | null = null;
    return {
      Field(node: FieldNode) {
        if (context.getParentType()?.name !== "Mutation") return;
        const name = node.name.value;
        if (CODE_CHECKS.has(name)) twostepChecks++;
        else if (!host.has(name)) return;
        if (++allChecks === MAX_CODE_CHECKS_PER_DOCUMENT + 1) firstTooMany = node;
      },
      Document: {
        leave() {
          // Too many of twostep's own checks alone: codeOperationsRule has said so already.
          if (!firstTooMany || twostepChecks > MAX_CODE_CHECKS_PER_DOCUMENT) return;
          context.reportError(
            createGraphQLError(`Send one password or code check (${names}) per request.`, {
              nodes: [firstTooMany],
              extensions: { code: GraphQLErrorCode.TOO_MANY_CODE_OPERATIONS },
            }),
          );
        },
      },
    };
  };
}
