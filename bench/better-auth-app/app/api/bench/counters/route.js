import { counters } from "../../../../auth.mjs";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(counters);
}
