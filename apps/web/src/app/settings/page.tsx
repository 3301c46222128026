import { redirect } from "next/navigation";

/** /settings has one page for now. */
export default function SettingsPage() {
  redirect("/settings/security");
}
