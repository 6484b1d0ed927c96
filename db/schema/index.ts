export * from "./catalogue";
export * from "./feedback";
export * from "./identity";
export * from "./staff";
export * from "./payments";
export * from "./ussd";
export * from "./applications";
