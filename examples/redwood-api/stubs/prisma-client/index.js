// @redwoodjs/api requires @prisma/client when it is imported, but only builds a client inside
// validateUniqueness, which this example never calls. The real package needs its postinstall
// script to write `.prisma/client`; this stub needs nothing.
class PrismaClient {
  constructor() {
    throw new Error("Prisma is not part of this example: it keeps its users in its own SQL table.");
  }
}
class PrismaClientValidationError extends Error {}
module.exports = { PrismaClient, Prisma: { PrismaClientValidationError }, PrismaClientValidationError };
