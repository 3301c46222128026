import type { Metadata } from "next";
import Link from "next/link";
import { linkClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { requirePendingViewer } from "@/server/auth/viewer";
import { trustDays } from "@/server/auth/trusted-browser";
import { BackupCodeForm } from "./backup-code-form";

export const metadata: Metadata = { title: "Use a backup code" };

export default async function BackupCodePage() {
  await requirePendingViewer();
  return (
    <Card
      headingLevel={1}
      id="backup"
      title="Use a backup code"
      description="Enter one of the backup codes you saved when you turned on two-factor authentication. Each code works once."
    >
      <BackupCodeForm trustDays={await trustDays()} />
      <Link href="/verify" className={`${linkClass} text-sm`}>
        Use the SMS code instead
      </Link>
    </Card>
  );
}
