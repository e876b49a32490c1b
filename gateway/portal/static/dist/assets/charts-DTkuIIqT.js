import{c as r,u as a,i as s,a as l,b as t,d as i,e}from"./echarts-SPkhrH-4.js";a([s,l,t,i,e]);export{r as echarts};
