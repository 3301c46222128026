/** @twostep/core/test-numbers: +1 201 555 0100–0199 go to the outbox, with simulated delivery trouble. */
export {
  DELAYED_DELIVERY_AFTER_MS,
  NEVER_DELIVERED_AFTER_MS,
  createTestNumberSender,
  type TestNumberSender,
} from "./test-number-sender.js";
export { SIMULATED_TEST_NUMBERS, TEST_NUMBER_PREFIX, isTestNumber, testNumberBehaviour, type TestNumberBehaviour } from "./test-numbers.js";
