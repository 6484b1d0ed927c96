import { topicRoute } from "@/components/TopicPage";

const route = topicRoute("life-events");
export const generateMetadata = route.generateMetadata;
export default route.Page;
