export { GET, POST } from "@/server/capped-auth-handlers";
