import { staffHandlers } from "@/lib/staff/auth";

export const { GET, POST } = staffHandlers;
