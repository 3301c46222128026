"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/** Often enough that a failed SMS shows within seconds; a report rarely takes less. */
const POLL_INTERVAL_MS = 2_000;
/** A report that hasn't come in this long won't: stop asking (a reload asks again). */
const POLL_FOR_MS = 5 * 60_000;

type CodeStateAnswer = { code: null | { state: string; delivery: string | null; undelivered: boolean } };

const FINAL = new Set(["delivered", "undelivered", "failed", "rejected"]);

/**
 * "On its way" / "Delivered" under a live code, learned without a reload: polls /api/code-state
 * while the provider's report is still out. When the news changes what the page should offer
 * (the SMS couldn't be delivered, or the code is gone), the server page renders again, so the
 * notice and the buttons come from one place.
 */
export function LiveDeliveryStatus({ purpose, initialDelivery }: { purpose: "sign_in" | "enroll_phone"; initialDelivery: string | null }) {
  const router = useRouter();
  // The page keys this on the delivery status it rendered, so a new status starts afresh.
  const [delivery, setDelivery] = useState(initialDelivery);

  useEffect(() => {
    if (initialDelivery && FINAL.has(initialDelivery)) return;
    const stopAt = Date.now() + POLL_FOR_MS;
    let cancelled = false;
    const timer = setInterval(async () => {
      if (Date.now() > stopAt) return clearInterval(timer);
      try {
        const res = await fetch(`/api/code-state?purpose=${purpose}`, { cache: "no-store" });
        if (cancelled) return;
        // A session that ended, or a store outage: the next submit says so; stop asking.
        if (!res.ok) return clearInterval(timer);
        const { code } = (await res.json()) as CodeStateAnswer;
        if (cancelled) return;
        const next = code?.delivery ?? null;
        setDelivery(next);
        if (!code || code.undelivered || code.state !== "usable") {
          clearInterval(timer);
          router.refresh();
        } else if (next && FINAL.has(next)) clearInterval(timer);
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    }, POLL_INTERVAL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [purpose, initialDelivery, router]);

  const text = delivery === "delivered" ? "Delivered to your phone." : delivery && FINAL.has(delivery) ? null : "Your SMS is on its way…";
  return (
    <p role="status" data-testid="delivery-status" data-delivery={delivery ?? "pending"} className="text-sm text-slate-600">
      {text}
    </p>
  );
}
