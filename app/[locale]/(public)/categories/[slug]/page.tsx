import { topicRoute } from "@/components/TopicPage";

const route = topicRoute("categories");
export const generateMetadata = route.generateMetadata;
export default route.Page;
