"use client";

import { useEffect } from "react";
import { useToast } from "./toaster";

/** A toast for something that happened before this page loaded (e.g. "signed out"), raised once. */
export function FlashToast({ message, tone = "success" }: { message: string; tone?: "success" | "error" }) {
  const show = useToast();
  useEffect(() => {
    show(tone, message, `flash:${message}`);
  }, [show, tone, message]);
  return null;
}
